"""Storage: the SQLite archive and everything kept beside it.

Owns the schema and writes (`db`), crawl scheduling state (`schedule`), WARC captures and provenance
(`warc`, `provenance`), the crawl lock, run status and source health (`lock`, `status`), the search query
language (`search`), article-set filters shared by exports and the web (`selection`) and the browse/place
tables (`browse`, `places`). It may import `archive.text`, `archive.config`, `archive.extract` and
`archive.dedup`, never `archive.web` or `crawler`.
"""

from archive.store.db import FTS_TABLE, Archive, content_hash

__all__ = ["FTS_TABLE", "Archive", "content_hash"]
