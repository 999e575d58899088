"""WordPress: generator meta, wp-content assets, .entry-content bodies, comment forms under the post."""

from archive.extract.cms.base import Family, has_class

FAMILY = Family(
    name="wordpress",
    generator=r"WordPress",
    markers=(r"/wp-content/|/wp-includes/", r"entry-content", r"wp-block-|wp-image-"),
    url=r"/\d{4}/\d{2}/\d{2}/[^/]+/?$|[?&]p=\d+",
    content=(f"//article//*[{has_class('entry-content')}]", f"//*[{has_class('entry-content')}]",
             f"//*[{has_class('td-post-content')} or {has_class('single-content')} or {has_class('post-content')}]"),
    title=(f"//h1[{has_class('entry-title')}]", "//article//h1", f"//h1[{has_class('post-title')}]"),
    date=("//time[contains(@class,'published')]/@datetime", "//article//time/@datetime",
          f"//*[{has_class('posted-on')}]"),
    byline=(),  # WordPress "by <account>" names are CMS users, not bylines
    listing=(f"//*[{has_class('entry-summary')}]",
             "/html/body[contains(@class,'archive') or contains(@class,'blog') or contains(@class,'search-results')]//article"),
    junk=(f"//*[{has_class('sharedaddy')} or {has_class('jp-relatedposts')} or {has_class('entry-footer')}]",
          f"//nav[{has_class('post-navigation')}]", f"//*[{has_class('related-posts')} or {has_class('yarpp-related')}]",
          "//*[@id='comments' or @id='respond']"),
)
