"""Start-up: a one-article `storyline brief FILE --no-analysis`, as a user runs it, against a bare
interpreter (`python -c "import json, pathlib"`). Target (issue 10): at most 3 x bare + 0.15 s.

    python benchmarks/startup.py [--runs 15]

Runs alternate between the two commands so that load on this shared machine hits both alike; the
figure is the median of each, as wall time and as CPU time (user + system). Also lists which heavy
modules the command imported (it needs none of numpy, highspy, spaCy, trafilatura or rich; typer, and
the pydantic that typer 0.2x builds every option's converter with, it cannot avoid).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "Harbour fire closes the east quay\n\n"
    "A fire broke out in a warehouse on the east quay of Port Ellis on Tuesday night, the fire service said.\n\n"
    "Crews from three stations brought it under control by midnight, and no one was hurt, a spokesman said.\n\n"
    "The quay will stay closed on Wednesday while investigators look for the cause of the fire.\n"
)
HEAVY = ("numpy", "highspy", "spacy", "trafilatura", "rich", "typer", "pydantic")


def wall(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imported(python: str, article: Path) -> list[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['storyline', 'brief', {str(article)!r}, '--no-analysis']\n"
        "from storyline.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return result.stderr.strip().splitlines()[-1].split()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args(argv)
    python = sys.executable
    script = str(Path(python).with_name("storyline"))
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "harbour-fire.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        bare_cmd = [python, "-c", "import json, pathlib"]
        brief_cmd = [script, "brief", str(article), "--no-analysis"]
        wall(brief_cmd)  # warm the page cache and .pyc files
        bare, brief = [], []
        for _ in range(args.runs):
            bare.append(wall(bare_cmd))
            brief.append(wall(brief_cmd))
        modules = imported(python, article)
    for i, what in enumerate(("wall", "CPU")):
        b = statistics.median(run[i] for run in bare)
        s = statistics.median(run[i] for run in brief)
        target = 3 * b + 0.15
        print(f"{what}: bare interpreter (python -c 'import json, pathlib') median {b * 1000:.0f} ms; "
              f"storyline brief FILE --no-analysis median {s * 1000:.0f} ms "
              f"(min {min(run[i] for run in brief) * 1000:.0f}); target 3 x bare + 150 ms = {target * 1000:.0f} ms: "
              f"{'met' if s <= target else 'NOT met'} ({s / target:.2f} of it)")
    print(f"({args.runs} runs of each, alternating; a loaded machine stretches wall time, CPU time much less)")
    print(f"heavy modules imported by the command: {', '.join(modules) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
