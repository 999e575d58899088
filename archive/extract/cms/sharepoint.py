"""SharePoint portals (Quảng Ninh and other provinces): rich-text fields inside web-part zones."""

from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="sharepoint",
    generator=r"SharePoint",
    markers=(r"s4-workspace|s4-bodyContainer", r"ms-rtestate-field", r"__REQUESTDIGEST|MSOWebPartPage_PostbackSource"),
    url=r"/Trang/|/Pages/|/SitePages/|/_layouts/",
    content=("//*[contains(@class,'ms-rtestate-field')]", "//*[contains(@class,'ms-rte-layoutszone-inner')]"),
    title=("//h1[contains(@class,'qnp-title')]", "//*[contains(@id,'PlaceHolderMain')]//h1", "//*[contains(@class,'title-detail')]"),
    date=("//*[contains(@class,'qnp-date')]", f"//*[{has_class('date')}]"),
    byline=("//*[contains(@class,'qnp-author')]", f"//*[{has_class('author')}]"),
    listing=(f"//*[{has_class('qnp-list-item')}]",),
    junk=("//*[contains(@class,'qnp-tools') or contains(@class,'qnp-related') or contains(@class,'qnp-views')]",
          f"//*[{has_class('ms-hide')} or @id='s4-ribbonrow']"),
)
