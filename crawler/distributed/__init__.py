"""The distributed crawl: a shared frontier in Redis (`frontier`, `cluster`), the crawl plan published to the
workers (`plan`), the roles a machine plays (`scaleout`: seed, worker) and the single archive writer that
ingests the workers' items (`ingest`). Built on the single-process crawler (`crawler.*`, `crawler.run`); it
uses `archive.store`, `archive.dedup` and `archive.extract`, and nothing in `archive` imports it except the CLI.
"""
