"""Layout in headless Chromium (issue 10): hover cards inside the window, article headers in view
after a jump, the file picker's own text. Both the web page (real server) and the HTML brief
(real console script)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_serve_browser import (  # noqa: F401  (fixtures)
    CHROMIUM, RESCUE, By, WebDriverWait, api_brief, browser, highlighted, paste, server, wait_for_brief,
)

from selenium.webdriver.common.action_chains import ActionChains

STORYLINE = str(Path(sys.executable).with_name("storyline"))

KEY = [
    "Rescue teams reached the stranded climbers on Ben Arrin late on Saturday after a night of searching in heavy snow.",
    "All six climbers were flown to the hospital in Fort Garry, where two were treated for hypothermia, a spokesman said.",
    "The mountain rescue service said the group had ignored a warning about the storm issued on Friday morning.",
]
FILLER = (
    "Rescue teams searching Ben Arrin for the stranded climbers checked gully {n} in heavy snow on Saturday, "
    "the mountain rescue service said, before the storm closed in on the ridge."
)


def long_cluster() -> list[dict]:
    """Two outlets carry the same key sentences; the second only after forty paragraphs, so its
    source marks point far down a long article."""
    deep = "\n\n".join(FILLER.format(n=n) for n in range(40)) + "\n\n" + "\n\n".join(KEY) + "\n"
    return [
        {"id": "Highland Wire", "title": "Climbers rescued on Ben Arrin", "date": "2025-02-02", "text": "\n\n".join(KEY) + "\n"},
        {"id": "Glen Times", "title": "Six saved after night on the ridge", "date": "2025-02-02", "text": deep},
        {"id": "Fort Garry Radio", "title": None, "date": None, "text": "\n\n".join(reversed(KEY)) + "\n"},
    ]


def rect(driver, element) -> dict:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); "
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height}",
        element,
    )


def viewport(driver) -> tuple[float, float]:
    return driver.execute_script("return [document.documentElement.clientWidth, window.innerHeight]")


def html_brief(tmp_path: Path, documents: list[dict], words: int = 80) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for doc in documents:
        head = f"{doc['title']}\n\n" if doc["title"] else ""
        (folder / f"{doc['id'].replace(' ', '-').lower()}.txt").write_text(head + doc["text"], encoding="utf-8")
    out = tmp_path / "brief.html"
    result = subprocess.run(
        [STORYLINE, "brief", str(folder), "--words", str(words), "--format", "html", "--output", str(out)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("width", [1280, 700, 390])
def test_html_brief_hover_cards_stay_inside_the_window(browser, tmp_path, width):
    page = html_brief(tmp_path, RESCUE)
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "a.mark")
    assert len(marks) >= 3
    right_edge = 0.0
    for mark in marks:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(browser).move_to_element(mark).perform()
        tip = mark.find_element(By.CSS_SELECTOR, ".tip")
        assert tip.is_displayed()
        box = rect(browser, tip)
        screen_width, _ = viewport(browser)
        assert box["left"] >= 0 and box["right"] <= screen_width + 0.5, (mark.text, box, screen_width)
        assert box["width"] >= min(200, screen_width / 2)  # still a card, not a sliver
        right_edge = max(right_edge, rect(browser, mark)["right"])
    # Some mark sits near the right edge, where a card that opens to the right would not fit.
    assert right_edge > viewport(browser)[0] - 300


def test_html_brief_jump_keeps_the_article_header_in_view(browser, tmp_path):
    documents = long_cluster()
    page = html_brief(tmp_path, documents, words=60)
    browser.set_window_size(1000, 700)
    browser.get(page.as_uri())
    # The mark pointing deepest into its article (targets are named s<article>-<offset>).
    hrefs = browser.execute_script("return [...document.querySelectorAll('a.mark')].map(a => a.getAttribute('href'))")
    href = max(hrefs, key=lambda h: int(h.rsplit("-", 1)[1]))
    assert int(href.rsplit("-", 1)[1]) > 5000
    mark = browser.find_element(By.CSS_SELECTOR, f"a.mark[href='{href}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    browser.execute_script("arguments[0].click()", mark)
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return location.hash") == href)
    sentence = browser.find_element(By.CSS_SELECTOR, href)
    header = browser.execute_script("return arguments[0].closest('article').querySelector('h3')", sentence)
    _, height = viewport(browser)
    s, h = rect(browser, sentence), rect(browser, header)
    assert 0 <= h["top"] and h["bottom"] <= height, h
    assert h["bottom"] <= s["top"] + 0.5 and s["bottom"] <= height, (h, s)  # in view, not under the header
    assert "Glen Times" in header.text or "glen-times" in header.text


@pytest.fixture
def page(browser, server):  # noqa: F811
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#boxes .box")) == 2)
    return browser


def test_page_jump_keeps_the_article_header_in_view(page, server):
    driver = page
    documents = long_cluster()
    driver.set_window_size(1000, 700)
    paste(driver, documents, 60)
    wait_for_brief(driver)
    expected = api_brief(server, documents, 60)
    deepest = max(
        ((i, k, span) for i, s in enumerate(expected["summary"]) for k, span in enumerate(s["sources"])),
        key=lambda t: t[2]["start"],
    )
    i, k, span = deepest
    assert span["start"] > 5000  # far down its article
    items = driver.find_elements(By.XPATH, "//section[@id='result']//h2[normalize-space()='Summary']/following-sibling::ul[1]/li")
    items[i].find_elements(By.CSS_SELECTOR, "button.mark")[k].click()
    WebDriverWait(driver, 5).until(lambda d: highlighted(d) is not None)
    mark = driver.find_element(By.CSS_SELECTOR, "mark.hl")
    header = driver.execute_script("return arguments[0].closest('article').querySelector('h3')", mark)
    _, height = viewport(driver)
    m, h = rect(driver, mark), rect(driver, header)
    assert 0 <= h["top"] and h["bottom"] <= height, h
    assert h["bottom"] <= m["top"] and m["bottom"] <= height, (h, m)
    assert span["document"] in header.text


def test_page_file_picker_says_how_many_files_are_chosen(page, tmp_path):
    driver = page
    picker = driver.find_element(By.ID, "files")
    count = driver.find_element(By.ID, "filecount")
    assert count.text == ""
    for i, doc in enumerate(RESCUE):
        path = tmp_path / f"article-{i}.txt"
        path.write_text(doc["text"], encoding="utf-8")
        picker.send_keys(str(path))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#filelist li")) == len(RESCUE)
    assert count.text == f"{len(RESCUE)} files chosen"
    # The native control (whose own text says "No file chosen" once its value is reset) is not shown;
    # the button that opens it is.
    box = rect(driver, picker)
    assert box["width"] <= 1 and box["height"] <= 1
    label = driver.find_element(By.CSS_SELECTOR, "label[for=files]")
    assert label.is_displayed() and label.text == "Choose files"
    driver.find_element(By.CSS_SELECTOR, "#filelist li button.remove").click()
    assert count.text == f"{len(RESCUE) - 1} files chosen"


def test_server_log_has_no_solver_banner(server):  # noqa: F811
    # Workers warm up with the exact solver (serve/pool.py): a banner would be in the log by now.
    assert "HiGHS" not in server.log()
