"""crawler.seen.SeenUrls answers as a set of strings does, across its recent set and its merged sorted runs."""

from __future__ import annotations

import random

from crawler import seen


def test_seen_urls_answer_as_a_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(seen, "RECENT", 64)  # many runs, many merges
    rng = random.Random(3)
    urls = [f"http://p{rng.randrange(20)}.gov.vn/tin/{rng.randrange(3000)}.html" for _ in range(5000)]
    ours, reference = seen.SeenUrls(urls[:100]), set(urls[:100])
    for url in urls[100:]:
        assert (url in ours) == (url in reference), url
        ours.add(url)
        reference.add(url)
    assert len(ours.runs) >= 2 and all(len(a) >= len(b) for a, b in zip(ours.runs, ours.runs[1:]))
    assert sum(map(len, ours.runs)) + len(ours.recent - set().union(*map(set, ours.runs))) == len(reference)
    assert all(url in ours for url in reference) and "http://p1.gov.vn/khac.html" not in ours
