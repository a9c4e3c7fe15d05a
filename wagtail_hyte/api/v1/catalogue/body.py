"""StreamField content as JSON: an activity's description and a service path's steps.

Each block of an activity's body is ``{"type", "value"}``: rich text as HTML
(``expand_db_html``, what the page shows), an image as the rendition the
activity page uses, a document as its address, an embed as its address (the
API never fetches the embedded media: the page would), a quote as its text.
"""

from __future__ import annotations

from wagtail.rich_text import expand_db_html

IMAGE_RENDITION = "width-960"  # as on the activity page


def image(value, alt: str) -> dict:
    """An image as the rendition the activity page shows."""
    rendition = value.get_rendition(IMAGE_RENDITION)
    return {"url": rendition.url, "width": rendition.width, "height": rendition.height, "alt": alt}


def html(value) -> str:
    """Rich text (a ``RichText`` or database HTML) as the page shows it."""
    source = getattr(value, "source", value)
    return expand_db_html(source or "")


def _document(value) -> dict:
    document = value["document"]
    return {
        "url": document.url,
        "title": document.title,
        "label": value["label"] or document.title,
        "file_extension": document.file_extension,
    }


def _block_value(block):
    kind, value = block.block_type, block.value
    if kind == "text":
        return html(value)
    if kind == "image":
        if value is None:
            return None
        alt = (
            "" if getattr(value, "decorative", False) else getattr(value, "contextual_alt_text", "")
        )
        return image(value, alt or "")
    if kind == "document":
        return _document(value) if value.get("document") else None
    if kind == "embed":
        return value.url if value else None
    return block.block.get_api_representation(value)


def body(stream) -> list[dict]:
    """An activity's body as ``[{"type", "value"}]``; a block whose image,
    document or embed is gone is left out."""
    items = []
    for block in stream or ():
        value = _block_value(block)
        if value is not None:
            items.append({"type": block.block_type, "value": value})
    return items


def _link(link, request) -> dict | None:
    page = link.get("page")
    if page is None or not page.live:
        return None
    return {
        "id": page.pk,
        "title": page.title,
        "label": link.get("label") or page.title,
        "url": page.get_full_url(request),
    }


def steps(stream, request) -> list[dict]:
    """A service path's steps, in order; links only to live pages."""
    items = []
    for block in stream or ():
        step = block.value
        items.append(
            {
                "title": step.get("title") or "",
                "who": step.get("who") or "",
                "client_action": html(step.get("client_action")),
                "next_step": html(step.get("next_step")),
                "plain_language": step.get("plain_language") or "",
                "links": [
                    item
                    for item in (_link(link, request) for link in step.get("links") or ())
                    if item is not None
                ],
            }
        )
    return items
