"""One options object: every shell takes its defaults and validation from ``BriefOptions``."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

import storyline
from storyline import batch
from storyline.errors import StorylineError
from storyline.options import BriefOptions, default, help_text
from storyline.select import SelectSettings


def test_options_are_frozen_and_validated():
    options = BriefOptions(words=50)
    with pytest.raises(Exception):
        options.words = 60  # frozen
    for bad, message in [
        ({"words": 0}, "words must be a positive whole number, got 0"),
        ({"words": "3"}, "words must be a whole number"),
        ({"solver": "fast"}, "solver must be 'auto', 'ilp' or 'greedy'"),
        ({"keep_all": 1}, "keep_all must be true or false"),
        ({"colour": "red"}, "colour: no such option"),
    ]:
        with pytest.raises(StorylineError, match=message):
            BriefOptions.make(**bad)


def test_the_solver_in_settings_is_used(bridge_articles):
    """It used to be overridden by the ``solver=`` default: ``auto`` ran instead."""
    result = storyline.brief(bridge_articles, words=70, settings=SelectSettings(solver="ilp"), analysis=False)
    assert result.settings["solver"] == "ilp"
    result = storyline.brief(bridge_articles, words=70, options=BriefOptions(solver="greedy"), analysis=False)
    assert result.settings["solver"] == "greedy"
    assert result.settings["analysis"] is False and result.settings["words"] == 70
    with pytest.raises(StorylineError, match="solver given twice"):
        storyline.brief(bridge_articles, solver="greedy", settings=SelectSettings(solver="ilp"))


def test_keywords_override_the_options_object(bridge_articles):
    options = BriefOptions(words=40, keep_all=True, analysis=False)
    result = storyline.brief(bridge_articles, 60, options=options)
    assert result.settings["words"] == 60 and result.settings["keep_all"] is True and result.settings["analysis"] is False


def test_the_per_document_size_limit_is_the_librarys(bridge_articles):
    with pytest.raises(StorylineError, match=r"has \d+ words, more than max_document_words = 20"):
        storyline.brief(bridge_articles, options=BriefOptions(max_document_words=20))
    assert storyline.brief(bridge_articles, options=BriefOptions(max_document_words=500), analysis=False).summary


def test_batch_passes_every_option(tmp_path, bridge_articles):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "c1", "documents": [{"id": str(i), "text": t} for i, t in enumerate(bridge_articles)]}) + "\n")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "batch", str(source), str(out), "--workers", "1", "--no-analysis",
         "--solver", "ilp", "--keep-all", "--words", "60"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    settings = json.loads(out.read_text())["brief"]["settings"]
    assert (settings["solver"], settings["keep_all"], settings["words"], settings["analysis"]) == ("ilp", True, 60, False)
    state = json.loads(batch.state_path(out).read_text())
    assert state["options"] == {"words": 60, "analysis": False, "solver": "ilp", "keep_all": True}
    # beside the options, what a resume checks (issue 17): lines done, their bytes, a hash of their input
    assert (state["lines"], state["bytes"]) == (1, out.stat().st_size)
    assert state["input_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    # The refusal names each option that differs, with both values (the state file records non-default ones).
    differs = r"written with --solver ilp \(this run: --solver auto\); --keep-all \(this run: no --keep-all\); resume with the same options"
    with pytest.raises(StorylineError, match=differs):
        batch.run_batch(source, out, workers=1, resume=True, options=BriefOptions(words=60, analysis=False))


def test_cli_flags_take_their_defaults_and_help_from_the_options():
    env = {**os.environ, "COLUMNS": "400"}  # one line per flag
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "brief", "--help"], capture_output=True, text=True, timeout=60, env=env
    )
    flat = " ".join(result.stdout.split())
    for name in ("words", "solver", "keep_all", "max_document_words"):
        first_words = " ".join(help_text(name).split()[:3])
        assert first_words in flat, name


def test_story_options_are_one_object_for_the_clusterer_and_the_command():
    from storyline.options import FeatureOptions, StoryOptions
    from storyline.stories.core import StoryDetector

    options = StoryOptions(threshold=0.3, window_days=2.0, half_life_days=5.0)
    detector = StoryDetector(options)
    assert detector.clusterer.options is options and options.window == 2 * 86400.0 and options.half_life == 5 * 86400.0
    assert detector.clusterer.span == 2 * 86400.0  # the window is shorter than the decay's span
    for bad, message in [
        ({"threshold": 0}, "threshold must be greater than 0"), ({"window_days": -1}, "window_days"),
        ({"half_life_days": 0}, "half_life_days must be greater than 0"), ({"close_at": 1.0}, "close_at must be less than 1"),
        ({"decay_shape": 9.0}, "decay_shape must be at most 8"), ({"corroborate": -1.0}, "corroborate must be at least 0"),
        ({"density_ref": 0.0}, "density_ref must be greater than 0"), ({"density": "high"}, "density must be a number"),
    ]:
        with pytest.raises(StorylineError, match=message):
            StoryOptions(**bad)
    for bad, message in [({"name_weight": -0.5}, "name_weight must be at least 0"), ({"max_dates": 0}, "max_dates must be a positive")]:
        with pytest.raises(StorylineError, match=message):
            FeatureOptions(**bad)
    env = {**os.environ, "COLUMNS": "400"}
    result = subprocess.run([sys.executable, "-m", "storyline", "stories", "--help"], capture_output=True, text=True, timeout=60, env=env)
    lines = result.stdout.splitlines()
    for name, flag, home in [
        ("window_days", "--window-days", StoryOptions), ("half_life_days", "--half-life-days", StoryOptions),
        ("max_active", "--max-active", StoryOptions), ("reorder", "--reorder", StoryOptions),
        ("name_weight", "--name-weight", FeatureOptions), ("date_weight", "--date-weight", FeatureOptions),
    ]:
        line = next(line for line in lines if flag in line)
        shown = default(name, home) or 0.0  # None ("none") is 0 on the command line
        assert f"[default: {shown}]" in line, line
    assert any(help_text("half_life_days", StoryOptions)[:40] in line for line in lines)


def test_the_server_takes_its_options_and_defaults_from_brief_options(tmp_path, bridge_articles):
    import httpx
    from test_serve_api import Server

    srv = Server(tmp_path / "server.log", "--workers", "1")
    try:
        docs = [{"id": f"outlet-{i}", "text": t} for i, t in enumerate(bridge_articles)]
        plain = httpx.post(srv.url + "/api/briefs", json={"documents": docs}, timeout=60).json()["settings"]
        assert {k: plain[k] for k in ("words", "solver", "analysis", "keep_all")} == {
            k: default(k) for k in ("words", "solver", "analysis", "keep_all")
        }
        chosen = httpx.post(srv.url + "/api/briefs", json={"documents": docs, "solver": "ilp", "words": 60}, timeout=60)
        assert chosen.json()["settings"]["solver"] == "ilp"
        form = {"documents": json.dumps(docs), "solver": "greedy", "keep_all": "true", "analysis": "false"}
        files = {"files": ("extra.txt", bridge_articles[0].encode())}
        upload = httpx.post(srv.url + "/api/briefs", data=form, files=files, timeout=60)
        settings = upload.json()["settings"]
        assert (settings["solver"], settings["keep_all"], settings["analysis"]) == ("greedy", True, False)
        bad = httpx.post(srv.url + "/api/briefs", json={"documents": docs, "solver": "fast"}, timeout=60)
        assert bad.status_code == 422 and "solver" in bad.json()["error"]["message"]
        bad = httpx.post(srv.url + "/api/briefs", data={**form, "solver": "fast"}, files=files, timeout=60)
        assert bad.status_code == 422 and "solver must be 'auto', 'ilp' or 'greedy'" in bad.json()["error"]["message"]
    finally:
        srv.stop()


def test_the_cli_applies_the_size_limit_with_a_clear_error(example_dir):
    base = [sys.executable, "-m", "storyline", "brief", str(example_dir), "--no-analysis"]
    refused = subprocess.run(base + ["--max-document-words", "50"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "more than max_document_words = 50" in refused.stderr and "--max-document-words" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert subprocess.run(base, capture_output=True, text=True, timeout=120).returncode == 0
