"""Spiders of the qpdp crawler."""
