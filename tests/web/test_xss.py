"""Stored script injection: an event's SOURCEURL is shown as a link only when it is http(s).

The event folder is the mirror's real GDELT 2.0 export with every SOURCEURL (its last column)
replaced by ``javascript:alert(document.domain)//``; its alerts (e.g. 200 -> 205 on 2015-02-17)
carry those URLs as evidence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.web.pages import safe_url

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EVIL = "javascript:alert(document.domain)//"
GDELT2 = "20150218230000.export.CSV"


@pytest.fixture(scope="module")
def evil_app(mirror: Path, wh, tmp_path_factory):
    from detente.events.ingest import ingest
    from detente.web import create_app

    folder = tmp_path_factory.mktemp("evil-exports")
    lines = (mirror / "gdelt-2.0-sample" / GDELT2).read_text().splitlines()
    (folder / GDELT2).write_text(
        "\n".join(line.rsplit("\t", 1)[0] + "\t" + EVIL for line in lines) + "\n"
    )
    lake = tmp_path_factory.mktemp("evil-lake")
    assert ingest(folder, lake)["rows"] == 2271
    return create_app(wh, events=lake)


@pytest.fixture(scope="module")
def evil_client(evil_app):
    from fastapi.testclient import TestClient

    with TestClient(evil_app) as c:
        yield c


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://example.org", True),
        (EVIL, False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("vbscript:msgbox", False),
        (None, False),
    ],
)
def test_safe_url(url, safe) -> None:
    assert (safe_url(url) is not None) is safe


@pytest.mark.parametrize("path", ["/alerts", "/dyad/200/205"])
def test_pages_never_link_a_script_url(evil_client, path: str) -> None:
    html = evil_client.get(path).text
    assert "javascript:alert" in html  # the evidence is still shown, as text
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and not [h for h in hrefs if not h.startswith(("/", "http://", "https://", "data:,"))]


@pytest.mark.parametrize("path", ["/alerts", "/dyad/200/205"])
def test_browser_gets_no_script_link(browser, evil_app, evil_client, path: str) -> None:
    from detente.web.server import running

    assert evil_client.get(path).status_code == 200  # computed once, before the browser waits
    with running(evil_app) as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path)
        assert page.locator("td.urls").count() > 0
        assert page.locator("td.urls").first.inner_text().startswith("javascript:")
        scripted = page.evaluate(
            "() => [...document.querySelectorAll('a')].filter("
            "a => !['http:', 'https:'].includes(new URL(a.href, location.href).protocol)).length"
        )
        assert scripted == 0
        for cell in page.locator("td.urls").all()[:3]:
            cell.click()
        assert dialogs == []
        context.close()
