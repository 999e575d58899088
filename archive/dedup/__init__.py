"""Deduplication: which URLs are one page (`urls`: canonical forms, per-source URL rules) and which pages are
one story (`minhash`: exact and near-duplicate clusters across portals). Pure functions over URLs, texts and
an SQLite connection handed in; may import `archive.text` and `archive.config` only.
"""
