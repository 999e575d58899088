"""Liferay portals (Hà Nội and Đà Nẵng districts): journal-content-article bodies inside asset portlets."""

from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="liferay",
    generator=r"Liferay",
    markers=(r"portlet_|portlet-boundary", r"/o/frontend-js|Liferay", r"journal-content-article|asset-full-content"),
    url=r"/-/view_content/|/-/asset_publisher/|/web/guest/|/c/journal/",
    content=("//*[contains(@class,'journal-content-article')]", f"//*[{has_class('asset-content')}]",
             f"//*[{has_class('asset-full-content')}]"),
    title=(f"//*[contains(@class,'asset-full-content')]//*[{has_class('header-title')}]",
           f"//*[{has_class('header-title')}]", f"//*[{has_class('asset-title')}]"),
    date=(f"//*[{has_class('taglib-header-date')}]//*[{has_class('date')}]", f"//*[{has_class('taglib-header-date')}]",
          f"//*[{has_class('metadata-publish-date')}]"),
    byline=(f"//*[{has_class('taglib-header-date')}]//*[{has_class('author')}]", f"//*[{has_class('metadata-author')}]"),
    listing=(f"//*[{has_class('asset-abstract')}]", f"//*[{has_class('asset-summary')}]"),
    junk=(f"//*[{has_class('taglib-social-bookmarks')} or {has_class('print-tools')} or {has_class('asset-links')}]",
          "//*[contains(@class,'taglib-ratings') or contains(@class,'taglib-discussion') or contains(@class,'lfr-discussion')]",
          f"//*[{has_class('portlet-title-text')} or {has_class('taglib-header-date')}]"),
)
