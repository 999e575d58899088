"""Scrapy settings: polite defaults for fragile government portals. The sources YAML may override any."""

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
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.store.StorePipeline": 900,
}

# Filled in by `qpdp crawl` from the config file and the command line.
QPDP_SOURCES: list = []
QPDP_DB = "data/archive.db"
QPDP_TOPICS = "config/topics.yaml"
QPDP_REFRESH = False
