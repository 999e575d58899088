"""URL canonicalisation: one URL per story, whatever session id, tracker, print view or redirect led to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from archive.config import Source

# Query parameters that never identify a story: trackers, share-button and session ids (compared lower-cased).
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "igsh", "ttclid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "zarsrc", "gidzl", "fb_action_ids", "fb_action_types",
    "fb_source", "fb_ref", "ref_src", "ref_url", "share", "shared", "jsessionid", "phpsessid", "aspsessionid",
    "sessionid", "session_id", "cfid", "cftoken",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_")
# Parameters that turn an article into its print, text-only or mobile rendering.
VIEW_PARAMS = frozenset({"print", "printable", "printer", "printpage", "in", "mobile", "amp", "tmpl"})
VIEW_VALUES = frozenset({"print", "printable", "printer", "in", "mobile", "amp", "component", "text"})
VIEW_KEYS_BY_VALUE = frozenset({"view", "mode", "layout", "format", "output", "type", "tmpl", "display"})
# Whole path segments (first or last) that mark a print/mobile/AMP rendering of the same story.
VIEW_SEGMENTS = frozenset({"print", "in", "in-an", "ban-in", "printable", "amp", "mobile"})
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/?#;]*", re.IGNORECASE)
_ASPNET_COOKIELESS = re.compile(r"/\((?:[A-Za-z]\([^()/]*\))+\)(?=/)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TWIN_PREFIX = re.compile(r"^(?:www\d?|m|mobile|wap)\.")


@dataclass(frozen=True)
class Rules:
    """Per-source canonicalisation rules: extra parameters to drop, or the only ones to keep, and home hosts."""

    drop_params: frozenset[str] = frozenset()
    keep_params: frozenset[str] | None = None
    hosts: tuple[str, ...] = ()  # the source's hosts; the first is its home host
    scheme: str | None = None  # the home host's scheme

    @classmethod
    def for_source(cls, source: Source) -> "Rules":
        """Rules from a configured Source (its `canonical:` block and its start URLs)."""
        start = urlsplit(source.start_urls[0])
        home = (start.hostname or "").lower()
        hosts = (home, *(h for h in source.hosts() if h != home))
        keep = source.canonical.keep_params
        return cls(
            drop_params=frozenset(p.lower() for p in source.canonical.drop_params),
            keep_params=frozenset(p.lower() for p in keep) if keep is not None else None,
            hosts=hosts, scheme=start.scheme,
        )


NO_RULES = Rules()


def _is_view_param(key: str, value: str) -> bool:
    if key in VIEW_PARAMS and value.lower() in ("", "1", "true", "yes", "y", "on", "print", "component", "mobile"):
        return True
    return key in VIEW_KEYS_BY_VALUE and value.lower() in VIEW_VALUES


def _keep_param(key: str, value: str, rules: Rules) -> bool:
    low = key.lower()
    if rules.keep_params is not None:
        return low in rules.keep_params
    if low in rules.drop_params or low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES):
        return False
    return not _is_view_param(low, value)


def _clean_path(path: str) -> str:
    path = _ASPNET_COOKIELESS.sub("", _PATH_SESSION.sub("", path)) or "/"
    segments = path.split("/")  # ['', 'a', 'b'] for '/a/b'
    inner = [s for s in segments[1:] if s]
    while len(inner) > 1 and inner[0].lower() in VIEW_SEGMENTS:
        inner.pop(0)
    while len(inner) > 1 and inner[-1].lower() in VIEW_SEGMENTS:
        inner.pop()
    return "/" + "/".join(inner)


def _bare(host: str) -> str:
    return _TWIN_PREFIX.sub("", host)


def _home_host(host: str, rules: Rules) -> str:
    """The source's home host for its www./m./mobile. twins; other hosts unchanged."""
    if rules.hosts and _bare(host) == _bare(rules.hosts[0]):
        return rules.hosts[0]
    return host


def canonicalize(url: str, rules: Rules = NO_RULES, strip: bool = True) -> str:
    """The canonical form of *url*: lower-case host, no default port, fragment, session id, tracker or print view,
    sorted query, no trailing slash; www./m. twins of the source's home host fold onto it. With strip=False only
    the spelling is normalised (case, port, query order, trailing slash): what marks a variant is kept.

    Example: canonicalize("HTTP://Xa.vn:80/tin/a.html;jsessionid=1?utm_source=x&print=1") == "http://xa.vn/tin/a.html"
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url.split("#", 1)[0]
    host = parts.hostname.lower().rstrip(".")
    host = _home_host(host, rules) if strip else host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port in (None, _DEFAULT_PORTS[scheme]):
        netloc = host
        if strip and rules.scheme and rules.hosts and host == rules.hosts[0]:
            scheme = rules.scheme
    else:
        netloc = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not strip or _keep_param(k, v, rules)]
    path = _clean_path(parts.path) if strip else parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def _ancestor(path: str, of: str) -> bool:
    """True when *path* is a proper ancestor section of *of* ('/tin-tuc' of '/tin-tuc/bai-1.html')."""
    path, of = path.rstrip("/"), of.rstrip("/")
    return path == "" or (of.startswith(path + "/") and of != path)


def sane_canonical(page_url: str, canonical: str | None, rules: Rules = NO_RULES) -> bool:
    """True when a rel=canonical link may name the story: http(s), same site, not the home page or a parent section."""
    if not canonical:
        return False
    page, target = urlsplit(page_url), urlsplit(canonical)
    if target.scheme not in ("http", "https") or not target.hostname:
        return False
    if _bare(target.hostname.lower()) != _bare((page.hostname or "").lower()):
        return False
    if _ancestor(target.path, page.path) and not (target.query and target.query != page.query):
        return False
    return True


def article_url(page_url: str, canonical: str | None = None, rules: Rules = NO_RULES) -> str:
    """The story's canonical URL: a sane same-site rel=canonical when given, else the fetched URL, canonicalised."""
    return canonicalize(canonical if canonical and sane_canonical(page_url, canonical, rules) else page_url, rules)


def variants(*urls: str | None) -> list[str]:
    """The distinct non-empty URLs among *urls*, fragments removed, first-seen order."""
    seen: dict[str, None] = {}
    for url in urls:
        if url:
            seen.setdefault(url.split("#", 1)[0], None)
    return list(seen)


def served_form(url: str) -> str:
    """*url* as served, spelled for comparison only: lower-case scheme and host, no default port or fragment, sorted
    query; path, trailing slash and every parameter kept."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.split("#", 1)[0]
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = parts.hostname.lower() + (f":{port}" if port not in (None, _DEFAULT_PORTS[parts.scheme.lower()]) else "")
    return canonicalize_url(urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, "")), keep_fragments=False)


def is_variant(url: str, rules: Rules = NO_RULES) -> bool:
    """True when *url* carries a variant's mark: a session id, tracker, print/AMP/mobile marker, a parameter the
    source drops, or a www./m. twin host (a trailing slash or letter case is no mark)."""
    return canonicalize(url, rules, strip=False) != canonicalize(url, rules)


def names_canonical(page_url: str, canonical: str | None, rules: Rules = NO_RULES) -> str | None:
    """The sane rel=canonical of a page when it names another address than the one served, else None."""
    if not canonical or not sane_canonical(page_url, canonical, rules):
        return None
    return canonical if served_form(canonical) != served_form(page_url) else None


def variant_rank(page_url: str, canonical: str | None = None, rules: Rules = NO_RULES) -> int:
    """0 for a story's canonical page (it names itself, or names no canonical and its URL has no variant mark), 1 for
    a variant (print, AMP, mobile, session or tracker URL) whose text must give way to the canonical page's."""
    if canonical and sane_canonical(page_url, canonical, rules):
        return 1 if names_canonical(page_url, canonical, rules) else 0
    return 1 if is_variant(page_url, rules) else 0
