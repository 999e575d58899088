"""Registry of CMS families: detect the family of a page, look one up by name (the sources YAML `cms:` hint)."""

from __future__ import annotations

from lxml.html import HtmlElement

from archive.extract.cms import aspnet, common, dotnetnuke, liferay, php, sharepoint, vnportal, wordpress
from archive.extract.cms.base import Family, generator_of

# Most specific first: on equal evidence the earlier family wins (DNN and SharePoint pages are ASP.NET too).
FAMILIES: tuple[Family, ...] = (
    wordpress.FAMILY, liferay.FAMILY, dotnetnuke.FAMILY, sharepoint.FAMILY, vnportal.FAMILY, php.FAMILY, aspnet.FAMILY,
)
GENERIC = Family(name="generic", listing=common.LISTING)
ALIASES = {"dnn": "dotnetnuke", "joomla": "php", "unknown": "generic", "portal": "vnportal"}
MIN_EVIDENCE = 3
HINT_BONUS = 6

__all__ = ["FAMILIES", "GENERIC", "Family", "by_name", "detect"]


def by_name(name: str) -> Family:
    """The family called *name* (or an alias of it); KeyError for an unknown name."""
    name = ALIASES.get(name.lower(), name.lower())
    if name == GENERIC.name:
        return GENERIC
    for family in FAMILIES:
        if family.name == name:
            return family
    raise KeyError(f"unknown CMS family {name!r} (known: {', '.join(f.name for f in FAMILIES)}, generic)")


def detect(tree: HtmlElement, html: str, url: str, hint: str | None = None) -> Family:
    """The best-scoring family, else GENERIC; a hint (the source's `cms:`) counts as HINT_BONUS points of evidence.

    The sources file is unverified, so a hint decides only when the page itself says little; a page that
    plainly belongs to another family (generator meta plus markers) still goes to that family.
    """
    try:
        hinted = by_name(hint) if hint else None
    except KeyError:
        hinted = None
    generator = generator_of(tree)
    best, best_score = GENERIC, MIN_EVIDENCE - 1
    for family in FAMILIES:
        score = family.score(html, url, generator) + (HINT_BONUS if family is hinted else 0)
        if score > best_score:
            best, best_score = family, score
    return best
