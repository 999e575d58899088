"""Real portal pages and a whole real portal that nobody on this project wrote (../shared, read in place).

The acceptance figures of benchmarks/real.py: titles, dates, leads, body ends, verdicts, defense flags and junk on
the shared real pages; every page of the Krông Nô portal through extract(); and a real `qpdp crawl` of that portal
served on loopback. Skipped when ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import real

pytestmark = pytest.mark.skipif(not real.REAL_PAGES.exists(), reason="../shared/real-pages is absent")


@pytest.fixture(scope="module")
def ours() -> tuple[dict, list[dict]]:
    """Our extractor over the shared real pages, once: (summary, per-page rows)."""
    summary, rows, _ = real.evaluate("qpdp", real.load_pages(real.REAL_PAGES))
    return summary, rows


def test_real_pages_meet_the_acceptance_floors(ours: tuple[dict, list[dict]]) -> None:
    summary, rows = ours
    failed = real.gate(summary)
    bad = [r["name"] for r in rows if not (r["right"] if not r["article"] else
                                           r["title"] and r["published"] and r["lead"] and r["end"])]
    assert not failed, f"{failed}; pages: {bad}"


def test_defense_flag_right_on_every_unambiguous_real_page(ours: tuple[dict, list[dict]]) -> None:
    rows = ours[1]
    assert [r["name"] for r in rows if r["article"] and not r["ambiguous"] and not r["defense"]] == []


def test_site_names_are_no_bylines(ours: tuple[dict, list[dict]]) -> None:
    """<meta name=author> holding the site's name ("Dân Trí", "TUOI TRE ONLINE") never becomes the author."""
    rows = ours[1]
    assert [(r["name"], r["got"]["author"]) for r in rows if r["article"] and not r["author"]] == []


@pytest.mark.skipif(not real.REAL_SITE.exists(), reason="../shared/real-sites is absent")
def test_every_page_of_the_real_portal_through_extract() -> None:
    figures = real.site_pages()
    assert not real.site_pages_gate(figures), figures["wrong"]


@pytest.mark.skipif(not real.REAL_SITE.exists(), reason="../shared/real-sites is absent")
def test_crawl_of_the_real_portal_archives_its_defense_stories_right(tmp_path: Path) -> None:
    site = real.crawl_site(workdir=tmp_path)
    assert site["returncode"] == 0 and site["requests"] > 100
    assert site["defense_reachable"] >= 1
    assert real.site_gate(site) == []
