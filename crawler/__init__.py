"""Scrapy project: one config-driven spider for all portals, extraction and storage pipelines."""
