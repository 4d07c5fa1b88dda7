"""The QA page in a real headless browser (Chromium through Playwright): it renders, the filters,
sorting and keys work, "Save decisions" gives a file later runs honour, and no script from the texts runs."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from corpus_tool.api import qa_file

QA = Path(__file__).resolve().parent / "data" / "qa"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("#shown:not(:empty)")


def _shown(page) -> int:
    return int(page.inner_text("#shown"))


def test_the_page_renders_filters_sorts_and_dismisses(page, tmp_path):
    source = tmp_path / "cat_tool_1.2.xlf"
    shutil.copy(QA / "cat_tool_1.2.xlf", source)
    result = qa_file(source, out_dir=tmp_path / "out", glossary=QA / "termbase.tbx")
    _open(page, result.written["html"])
    assert page.errors == []
    total = len(result.open_issues)
    assert _shown(page) == total == page.locator("tr.issue").count()
    assert page.inner_text('.count[data-kind="numbers"]') == "3"
    # Filters: by kind, by severity.
    page.uncheck('input.kind-filter[value="numbers"]')
    assert _shown(page) == total - 3
    page.check('input.kind-filter[value="numbers"]')
    page.select_option("#min-severity", "60")
    assert _shown(page) == sum(1 for i in result.open_issues if i.severity >= 60)
    page.select_option("#min-severity", "0")
    # Sorting by severity, both ways.
    page.click('th[data-sort="severity"]')
    severities = [float(s) for s in page.eval_on_selector_all("tr.issue", "rs => rs.map(r => r.dataset.severity)")]
    assert severities == sorted(severities)
    page.click('th[data-sort="severity"]')
    severities = [float(s) for s in page.eval_on_selector_all("tr.issue", "rs => rs.map(r => r.dataset.severity)")]
    assert severities == sorted(severities, reverse=True)
    # Keys: j moves to the first issue, d dismisses it (hidden unless "show dismissed").
    page.keyboard.press("j")
    first_id = page.evaluate("document.activeElement.dataset.id")
    first_kind = page.evaluate("document.activeElement.dataset.kind")
    count_before = int(page.inner_text(f'.count[data-kind="{first_kind}"]'))
    page.keyboard.press("d")
    assert _shown(page) == total - 1
    assert int(page.inner_text(f'.count[data-kind="{first_kind}"]')) == count_before - 1  # counts open issues
    page.check("#show-dismissed")
    assert page.locator(f'tr.issue.dismissed[data-id="{first_id}"]').count() == 1
    # Save decisions: the download is the decisions file a later run honours.
    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / "decisions.json"
    download.value.save_as(saved)
    assert list(json.loads(saved.read_text(encoding="utf-8"))["dismissed"]) == [first_id]
    again = qa_file(source, out_dir=tmp_path / "out", glossary=QA / "termbase.tbx", decisions=saved)
    assert [i.id for i in again.issues if i.dismissed] == [first_id]
    assert page.errors == []


def test_no_script_from_the_texts_runs(page, tmp_path):
    (tmp_path / "evil.tsv").write_text(
        'Polisen grep ett tjugotal <script>window.pwned=1</script> personer.\t'
        'Police arrested a dozen <img src=x onerror="window.pwned=2"> people </script><script>window.pwned=3</script>.\n',
        encoding="utf-8")
    result = qa_file(tmp_path / "evil.tsv", src_lang="sv", tgt_lang="en", out_dir=tmp_path / "out")
    _open(page, result.written["html"])
    assert _shown(page) == len(result.open_issues) > 0
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned=1</script>" in page.inner_text("table")  # shown as text
    assert page.errors == []
