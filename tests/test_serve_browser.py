"""`storyline serve`: the web page in headless Chromium (Debian's chromium and chromium-driver), driven by
Selenium against the real server. Screenshots go to test-artifacts/ in the repository."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from test_serve_api import RESCUE, Server, httpx

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "Chromium is not installed (apt-get install chromium chromium-driver; scripts/test.sh does it when run as root)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,900",
    "--force-prefers-reduced-motion",  # no smooth scrolling: clicks land where the elements are
]

# Articles whose text tries to run script in the page (written for this test).
PAYLOADS = {
    "script": "<script>window.__xss = 'script'</script>",
    "img": "<img src=x onerror=\"window.__xss = 'img'\">",
    "link": "<a href=\"javascript:window.__xss = 'link'\">read more</a>",
    "svg": "<svg onload=\"window.__xss = 'svg'\"></svg>",
}
XSS = [
    {
        "id": "Wire <img src=x onerror=\"window.__xss = 'id'\">",
        "title": "<script>window.__xss = 'title'</script>",
        "date": "<b onmouseover=\"window.__xss = 'date'\">2025</b>",
        "text": (
            f"The town council voted on Monday to close the old harbour bridge {PAYLOADS['img']} for repairs until the summer.\n\n"
            f"\"The bridge is no longer safe {PAYLOADS['script']} for heavy traffic,\" said council engineer Priya Nandi on Monday.\n\n"
            f"Residents can find the detour map {PAYLOADS['link']} on the council website from Tuesday.\n\n"
            f"Repairs will cost 2 million pounds {PAYLOADS['svg']} and are paid for by the county, the council said.\n"
        ),
    },
    {
        "id": "Gazette",
        "title": None,
        "date": None,
        "text": (
            f"The town council voted on Monday to close the old harbour bridge {PAYLOADS['img']} for repairs until the summer.\n\n"
            f"Repairs will cost 3 million pounds {PAYLOADS['svg']} and are paid for by the county, the council said.\n\n"
            f"Council engineer Priya Nandi said the bridge was no longer safe for heavy traffic {PAYLOADS['script']} and had to close.\n\n"
            "Drivers will use the \u202enorth road\u202c detour from Tuesday until the bridge opens again in the summer.\n"
        ),
    },
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve-browser") / "server.log", "--workers", "2")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, server):
    browser.set_window_size(1280, 900)
    browser.get(server.url + "/")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#boxes .box")) == 2)
    return browser


def screenshot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))


def paste(driver, documents: list[dict], words: int) -> None:
    """Fill one box per article (the text as a paste would put it: set at once), choose the length, submit."""
    while len(driver.find_elements(By.CSS_SELECTOR, "#boxes .box")) < len(documents):
        driver.find_element(By.ID, "add").click()
    boxes = driver.find_elements(By.CSS_SELECTOR, "#boxes .box")
    for box, doc in zip(boxes, documents):
        for field in ("source", "title", "date"):
            value = doc["id"] if field == "source" else doc.get(field)
            if value:
                driver.execute_script("arguments[0].value = arguments[1]", box.find_element(By.CSS_SELECTOR, "." + field), value)
        # ChromeDriver cannot type characters outside the BMP (the emoji), so the text is set as a paste sets it.
        driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
            box.find_element(By.CSS_SELECTOR, ".text"), doc["text"],
        )
    length = driver.find_element(By.ID, "words")
    length.clear()
    length.send_keys(str(words))
    driver.find_element(By.ID, "go").click()


def wait_for_brief(driver) -> None:
    WebDriverWait(driver, 60).until(
        lambda d: d.find_element(By.ID, "result").is_displayed() or d.find_element(By.ID, "error").is_displayed()
    )
    error = driver.find_element(By.ID, "error")
    assert not error.is_displayed(), error.text


def section(driver, title: str):
    return driver.find_element(By.XPATH, f"//section[@id='result']//h2[normalize-space()='{title}']/following-sibling::*[1]")


def highlighted(driver) -> str:
    return driver.execute_script("const m = document.querySelector('mark.hl'); return m ? m.textContent : null")


def in_view(driver, element) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight", element
    )


def code_points(text: str, start: int, end: int) -> str:
    return text[start:end]  # Python slices code points, as the server's offsets count them


def api_brief(server, documents, words) -> dict:
    response = httpx.post(server.url + "/api/briefs", json={"documents": documents, "words": words}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def test_paste_a_cluster_get_a_brief_and_follow_source_marks(page, server):
    driver = page
    paste(driver, RESCUE, 80)
    wait_for_brief(driver)
    expected = api_brief(server, RESCUE, 80)
    texts = {d["id"]: d["text"] for d in expected["documents"]}
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#result h2")]
    for title in ("Brief", "Summary", "Sources", "Most corroborated", "Quotes", "Disagreements",
                  "People, organisations and places", "Timeline", "Articles"):
        assert title in headings, headings
    items = section(driver, "Summary").find_elements(By.XPATH, "./li")
    assert len(items) == len(expected["summary"])
    for item, sentence in zip(items, expected["summary"]):
        assert item.text.startswith(sentence["text"])
        marks = item.find_elements(By.CSS_SELECTOR, "button.mark")
        assert [m.text for m in marks] == [f"[{[d['id'] for d in expected['documents']].index(s['document']) + 1}]" for s in sentence["sources"]]
        for mark, span in zip(marks, sentence["sources"]):
            mark.click()
            WebDriverWait(driver, 5).until(lambda d: highlighted(d) is not None)
            assert highlighted(driver) == code_points(texts[span["document"]], span["start"], span["end"])
            active = driver.switch_to.active_element
            assert active.tag_name == "mark" and "hl" in active.get_attribute("class")
            assert in_view(driver, active)
    # fell-radio opens with an emoji (two UTF-16 units, one code point): its sentences must not be shifted.
    emoji_spans = [(i, k) for i, s in enumerate(expected["summary"]) for k, span in enumerate(s["sources"])
                   if span["document"] == "fell-radio" and span["start"] > 0]
    assert emoji_spans
    i, k = emoji_spans[0]
    items[i].find_elements(By.CSS_SELECTOR, "button.mark")[k].click()
    span = expected["summary"][i]["sources"][k]
    assert highlighted(driver) == code_points(texts["fell-radio"], span["start"], span["end"])
    assert len(driver.find_elements(By.CSS_SELECTOR, "mark.hl")) == 1
    quote = section(driver, "Quotes").find_element(By.CSS_SELECTOR, "button.mark")
    quote.click()
    span = expected["quotes"][0]["sources"][0]
    assert highlighted(driver) == code_points(texts[span["document"]], span["start"], span["end"])
    time.sleep(0.3)
    screenshot(driver, "serve-brief-desktop.png")
    disagreement = section(driver, "Disagreements")
    assert "some 30" in disagreement.text and "some 45" in disagreement.text
    # Bounds and updates are shown from the registry's parts, as in the HTML rendering; false flags show nothing.
    values = [v for d in expected["disagreements"] for v in d["values"]]
    assert any(v["bound"] for v in values)
    for v in values:
        assert (f"{v['value']} ({v['bound']}: a bound or estimate)" in disagreement.text) == bool(v["bound"])
    assert ("(updated figure)" in disagreement.text) == any(d["update"] for d in expected["disagreements"])
    assert "False" not in disagreement.text and "True" not in disagreement.text
    # Everything came from the server itself: no other origin was contacted.
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(server.url) for r in resources), resources


def test_keyboard_only(page):
    driver = page
    paste(driver, RESCUE, 60)
    wait_for_brief(driver)
    assert driver.switch_to.active_element.get_attribute("id") == "result-title"
    mark = driver.find_element(By.CSS_SELECTOR, "#result li button.mark")
    # Tab from the brief's title reaches the first source mark; Enter follows it.
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == mark
    mark.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: highlighted(d) is not None)
    assert driver.switch_to.active_element.tag_name == "mark"
    driver.switch_to.active_element.send_keys(Keys.TAB)
    back = driver.switch_to.active_element
    assert back.text == "Back to the brief"
    back.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element == mark
    # Add and remove article boxes from the keyboard.
    add = driver.find_element(By.ID, "add")
    add.send_keys(Keys.ENTER)
    boxes = driver.find_elements(By.CSS_SELECTOR, "#boxes .box")
    assert len(boxes) == len(RESCUE) + 1
    assert driver.switch_to.active_element == boxes[-1].find_element(By.CSS_SELECTOR, ".source")
    boxes[-1].find_element(By.CSS_SELECTOR, ".remove").send_keys(Keys.ENTER)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#boxes .box")) == len(RESCUE)


def test_phone_width(page, server):
    driver = page
    driver.set_window_size(390, 844)
    driver.get(server.url + "/")
    paste(driver, RESCUE, 80)
    wait_for_brief(driver)
    section(driver, "Summary").find_element(By.CSS_SELECTOR, "button.mark").click()
    time.sleep(0.3)
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(driver, "serve-brief-phone.png")
    driver.execute_script("window.scrollTo(0, 0)")
    screenshot(driver, "serve-form-phone.png")


def test_drop_files_instead_of_pasting(page, tmp_path):
    driver = page
    names = []
    for i, doc in enumerate(RESCUE):
        if i == 0:
            path = tmp_path / "valley-wire.html"
            body = "".join(f"<p>{p}</p>" for p in doc["text"].split("\n\n"))
            path.write_text(f"<html><head><title>{doc['title']}</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
        elif i == 1:
            path = tmp_path / "dale-courier.md"
            path.write_text(f"# {doc['title']}\n\n{doc['text']}", encoding="utf-8")
        else:
            path = tmp_path / "fell-radio.txt"
            path.write_text(doc["text"], encoding="utf-8")
        names.append(path.name)
        driver.find_element(By.ID, "files").send_keys(str(path))
    listed = driver.find_elements(By.CSS_SELECTOR, "#filelist li")
    assert [li.text.split(" (")[0] for li in listed] == names
    driver.find_element(By.ID, "go").click()
    wait_for_brief(driver)
    sources = section(driver, "Sources").text
    assert all(name in sources for name in names), sources
    section(driver, "Summary").find_element(By.CSS_SELECTOR, "button.mark").click()
    WebDriverWait(driver, 5).until(lambda d: highlighted(d) is not None)
    screenshot(driver, "serve-files.png")


def test_errors_are_shown(page):
    driver = page
    driver.find_element(By.ID, "go").click()
    error = driver.find_element(By.ID, "error")
    assert error.is_displayed() and "Paste at least one article" in error.text
    paste(driver, [{"id": "short", "text": "This single sentence is far too long for the budget."}], 2)
    WebDriverWait(driver, 30).until(lambda d: "ask for more words" in d.find_element(By.ID, "error").text)
    assert not driver.find_element(By.ID, "result").is_displayed()
    assert in_view(driver, driver.find_element(By.ID, "error"))
    screenshot(driver, "serve-error.png")


def test_article_text_cannot_run_script(page, server):
    driver = page
    driver.execute_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective))"
    )
    paste(driver, XSS, 120)
    wait_for_brief(driver)
    result = driver.find_element(By.ID, "result")
    for mark in result.find_elements(By.CSS_SELECTOR, "button.mark"):
        mark.click()
    # The payloads are shown as text...
    shown = result.text
    for payload in (PAYLOADS["img"], PAYLOADS["script"], PAYLOADS["svg"], XSS[0]["title"]):
        assert payload in shown, payload
    # ...never parsed into elements, never run, and never even tried (no CSP violation either).
    assert result.find_elements(By.CSS_SELECTOR, "script, img, svg, iframe, a, b, [onerror], [onload], [onmouseover]") == []
    assert driver.execute_script("return window.__xss") is None
    assert driver.execute_script("return window.__violations") == []
    # A bidi override cannot reorder the page around it.
    assert "north road" in shown and "\u202e" not in shown
    try:
        alert = driver.switch_to.alert
        pytest.fail(f"an alert opened: {alert.text}")
    except NoAlertPresentException:
        pass
    hover = result.find_elements(By.XPATH, ".//*[contains(text(), 'onmouseover')]")
    if hover:
        webdriver.ActionChains(driver).move_to_element(hover[0]).perform()
    assert driver.execute_script("return window.__xss") is None
    driver.execute_script("document.getElementById('result-title').scrollIntoView()")
    screenshot(driver, "serve-xss.png")
    brief = api_brief(server, XSS, 120)
    assert json.dumps(brief).count("onerror") >= 1  # the API returns the text as it is; escaping is the page's job


HEDGED = [
    {
        "id": "wire",
        "text": (
            "Rebels seized the northern border crossing on Sunday, the opposition said.\n\n"
            "The opposition council said three generals had defected with the governor. The claim could not "
            "immediately be verified.\n\n"
            "Fighting continued in the south of the country through the night.\n"
        ),
    },
    {
        "id": "paper",
        "text": (
            "Rebels took the northern border crossing on Sunday.\n\n"
            "Heavy fighting went on in the south of the country overnight.\n"
        ),
    },
]


def test_a_hedged_summary_sentence_is_marked_on_the_page(page, server):
    driver = page
    paste(driver, HEDGED, 200)
    wait_for_brief(driver)
    expected = api_brief(server, HEDGED, 200)
    hedged = [s for s in expected["summary"] if s["hedge"]]
    assert hedged  # the API carries the hedge
    items = section(driver, "Summary").find_elements(By.XPATH, "./li")
    marked = [item for item in items if item.find_elements(By.CSS_SELECTOR, ".hedge")]
    assert len(marked) == len(hedged)
    assert marked[0].find_element(By.CSS_SELECTOR, ".hedge").text == f"unverified: {hedged[0]['hedge']}"
    assert "generals" in marked[0].text
