"""Real checkers on every storefront page type (tests/browser/audit_pages.py): axe-core at
phone and desktop width finds no accessibility violation of any impact, and the Nu HTML Checker
finds no error in the HTML the server sent."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.audit_pages import (
    VIEWPORTS,
    SentDocuments,
    build_audit_shop,
    open_audit_page,
    walk,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
# The pages' HTML and the findings, kept for reading after a failure (CI keeps test-results/).
RESULTS = ROOT / "test-results/audits"


def axe_violations(axe: Axe, page, where: str) -> list[str]:
    """One line per violated rule: where, the rule, its impact, the first elements it names."""
    violations = axe.run(page).response["violations"]
    return [
        f"{where}: {rule['id']} ({rule['impact']}) {rule['help']}: "
        + ", ".join(str(node["target"]) for node in rule["nodes"][:3])
        for rule in violations
    ]


def nu_checker_errors(folder: Path) -> list[str]:
    """The Nu HTML Checker's errors in every .html file of `folder`, in one Java run."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            f"The Nu HTML Checker needs Java and {VNU_JAR}: run `make node-tools`.",
            pytrace=False,
        )
    files = sorted(str(path) for path in folder.glob("*.html"))
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stdout)["messages"]
    return [
        f"{Path(message['url']).stem}:{message.get('lastLine', '?')}: {message['message']} "
        f"[{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def test_every_page_type_passes_axe_and_the_nu_html_checker(
    live_server, browser, settings, tmp_path, home_page, root_collection
):
    settings.MEDIA_ROOT = tmp_path / "media"
    shop = build_audit_shop()
    axe = Axe()
    html_folder = RESULTS / "html"
    shutil.rmtree(RESULTS, ignore_errors=True)
    html_folder.mkdir(parents=True)
    violations = []
    for viewport in VIEWPORTS:
        page = open_audit_page(browser, live_server.url, viewport, settings.MEDIA_ROOT)
        sent = SentDocuments(page)
        for visit in walk(page, live_server.url, shop):
            violations += axe_violations(axe, page, f"{viewport} {visit.name}")
            (html_folder / f"{visit.slug}.html").write_text(sent.html(), encoding="utf-8")
        page.context.close()

    html_errors = nu_checker_errors(html_folder)
    report = "\n".join(["axe-core:", *violations, "Nu HTML Checker:", *html_errors])
    (RESULTS / "report.txt").write_text(report + "\n", encoding="utf-8")
    assert not violations + html_errors, report
