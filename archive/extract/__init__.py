"""Extraction: one fetched page in, one `Article` (or `NoArticle` with a reason) out, as pure functions.

Owns decoding (`decode`), the CMS families and their selectors (`cms/`, one module per family and one registry),
junk pruning, metadata (`meta`: title, date, author), Vietnamese-portal rules (`vn`) and the topic taxonomy
(`topics`). It does no I/O and may import only `archive.text` and itself; everything else imports it.
"""

from archive.extract.article import Article, NoArticle, extract

__all__ = ["Article", "NoArticle", "extract"]
