"""Story text: what people type becomes safe HTML with a few kinds of formatting."""

import html

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_story_html(text: str) -> str:
    """Plain text becomes paragraphs; HTML keeps only simple formatting and safe links."""
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        return ""
    if "<" not in text:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        text = "".join(
            "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
            for p in paragraphs
        )
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def plain_text(story_html: str) -> str:
    """The words of a story without its formatting (for summaries and searching)."""
    return html.unescape(nh3.clean(story_html or "", tags=set())).strip()
