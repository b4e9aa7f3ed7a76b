"""Story text: what people type becomes safe HTML with a few kinds of formatting."""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
BLOCK_TAG = re.compile(r"<\s*(?:p|br|ul|ol|li|h3|blockquote)\b", re.IGNORECASE)


def clean_story_html(text: str) -> str:
    """Plain text becomes paragraphs; HTML keeps only simple formatting and safe links."""
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        return ""
    if not BLOCK_TAG.search(text):
        # Typed, not written as HTML: blank lines make paragraphs. A stray "<" (or a tag
        # such as <strong>) must not lose them; nh3 below makes any tags safe.
        escape = html.escape if "<" not in text else str
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        text = "".join(
            "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
        )
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
    # Tags with no words left in them ("<p></p>" once a script is gone) are no story.
    return cleaned if plain_text(cleaned) else ""


def plain_text(story_html: str) -> str:
    """The words of a story without its formatting (for summaries and searching)."""
    return html.unescape(nh3.clean(story_html or "", tags=set())).strip()
