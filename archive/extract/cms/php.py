"""Home-grown PHP portals and Joomla-like templates: /templates/<name>/ assets, .detail-* blocks."""

from archive.extract.cms import common
from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="php",
    generator=r"Joomla|Drupal|PHP",
    markers=("=\"/templates/|='/templates/", r"item-page|detail-content|detail-title"),
    url=r"\.php(?:$|\?)|index\.php|option=com_content|-\d{3,}\.html$",
    content=(f"//*[{has_class('detail-content')} or {has_class('item-page')}]//*[@itemprop='articleBody']",
             *common.CONTENT, f"//*[{has_class('item-page')}]"),
    title=common.TITLE,
    date=("//*[@itemprop='datePublished']/@datetime", *common.DATE),
    byline=common.BYLINE,
    junk=(f"//*[{has_class('detail-tools')} or {has_class('feedback-form')} or {has_class('pagenav')}]",),
)
