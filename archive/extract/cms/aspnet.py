"""Home-grown ASP.NET WebForms portals: one __VIEWSTATE form around everything, .aspx URLs."""

from archive.extract.cms import common
from archive.extract.cms.base import Family

FAMILY = Family(
    name="aspnet",
    generator=r"ASP\.NET|Visual Studio",
    markers=(r"__VIEWSTATE|__EVENTVALIDATION",),
    url=r"\.aspx(?:$|\?)",
    **common.SELECTORS,
)
