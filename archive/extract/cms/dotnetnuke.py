"""DotNetNuke (DNN) portals: dnn_ ids, news modules rendering lblTitle / lblDate / divContent."""

from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="dotnetnuke",
    generator=r"DotNetNuke|\bDNN\b",
    markers=("id=\"dnn_|id='dnn_", "dnncore.js|/DesktopModules/", r"/Portals/"),
    url=r"/tabid/\d+|/newsid/\d+|/Default\.aspx",
    content=("//*[contains(@id,'_ViewNews_divContent') or contains(@id,'_ViewNews_lblContent')]",
             f"//*[{has_class('news-content')} or {has_class('edn_articleContent')}]", f"//*[{has_class('edn_article')}]"),
    title=("//*[contains(@id,'_ViewNews_lblTitle')]", f"//h1[{has_class('news-title')}]", f"//*[{has_class('edn_articleTitle')}]"),
    date=("//*[contains(@id,'_ViewNews_lblDate')]", f"//*[{has_class('news-date')} or {has_class('edn_articleDate')}]"),
    byline=("//*[contains(@id,'_ViewNews_lblAuthor')]", f"//*[{has_class('news-author')} or {has_class('edn_articleAuthor')}]"),
    listing=(f"//*[{has_class('news-list-item')}]",),
    junk=(f"//*[{has_class('news-tools')} or {has_class('news-other')} or {has_class('news-breadcrumb')}]",
          "//*[contains(@id,'dnnCURRENTDATE') or contains(@id,'_lblView')]", f"//*[{has_class('c_head')}]"),
)
