"""Vietnamese portal products (ASP.NET "Cổng TTĐT" packages as on mongcai.gov.vn, /portal/pages/ sites)."""

from archive.extract.cms import common
from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="vnportal",
    generator=r"Cổng thông tin|Cong thong tin|VNPT|Viettel|iPortal|eGov|\bCMC\b",
    markers=(r"title-detail|content-detail|date-detail", r"/caches/editor/|/Uploads/", r"ContentPlaceHolder1_"),
    url=r"/vi-vn/|-p\d+-c\d+-n\d+|/portal/pages/|/Article/|-\d{10,}\.htm$",
    **common.SELECTORS,
    junk=(f"//*[{has_class('tool-detail')} or {has_class('other-news')} or {has_class('box-weather')}]",),
)
