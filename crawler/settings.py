"""Scrapy settings: polite defaults for fragile government portals. The sources YAML may override any."""

import os

from archive import __version__

BOT_NAME = "qpdp-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are: an honest User-Agent with a contact URL (override QPDP_CONTACT_URL or USER_AGENT in the YAML).
QPDP_CONTACT_URL = "https://github.com/qpdp-archive/qpdp-archive"
USER_AGENT = f"qpdp-archive/{__version__} (+{QPDP_CONTACT_URL}; archive of public local-defense news)"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 6
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

SPIDER_MIDDLEWARES = {"crawler.middlewares.KnownPagesMiddleware": 50}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryAfterMiddleware": 560,  # runs before RetryMiddleware (550)
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.LoopRedirectMiddleware": 600,
}
EXTENSIONS = {"crawler.progress.Progress": 500, "crawler.logs.QuietFailures": 0, "crawler.logs.InternalErrors": 0}
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.store.StorePipeline": 900,
}

# Filled in by `qpdp crawl` from the config file and the command line.
QPDP_SOURCES: list = []
QPDP_DB = "data/archive.db"
QPDP_TOPICS = "config/topics.yaml"
QPDP_REFRESH = False
QPDP_REFRESH_DAYS = 30  # --refresh revisits archived articles first seen this many days ago or less
QPDP_BACKFILL = False  # --backfill: no pagination stop, no conditional requests
QPDP_RETRY_AFTER_MAX = 60  # wait out a shorter Retry-After within the run; a longer one goes to the schedule
QPDP_BROKEN_AFTER = 3  # a source failing this many runs in a row is "broken": the crawl exits with code 3
QPDP_PROGRESS = "log"  # "live" (TTY table), "log" (plain lines) or "off"
QPDP_PROGRESS_INTERVAL = 30.0  # seconds between progress log lines
QPDP_WARC_DIR = None  # WARC files of captured pages; default: warc/ next to QPDP_DB
QPDP_WARC_MAX_BYTES = 256 * 1024 * 1024  # rotate to a new file beyond this size
QPDP_WARC_ENABLED = True
QPDP_WARC_REVISITS = True  # a refetch with an unchanged body is a small `revisit` record pointing at the original
QPDP_EXTRACT_WORKERS = os.cpu_count() or 1  # page analysis processes off the reactor (default: one per core); 0: inline
QPDP_STORE_BATCH = 16  # items written in one SQLite transaction with one WARC fsync (1: each item on its own)
QPDP_STORE_WINDOW = 0.5  # seconds an item may wait for its batch to fill
