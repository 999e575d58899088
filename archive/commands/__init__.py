"""The qpdp subcommands grouped by concern; `archive.cli` holds the click group that registers them."""
