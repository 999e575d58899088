"""The researchers' site: a read-only Datasette with our plugin (`plugin`), its own pages (`pages`: article,
timeline, map, feeds, exports), search hits and highlighting (`hits`, `highlight`), charts and the server
launcher (`serve`). It reads the archive through `archive.store`, `archive.dedup` and `archive.extract` and may
use `archive.export`; nothing below it imports the web.
"""
