"""Template filters for the public catalogue pages."""

from django import template

from wagtail_hyte.core.phone import display_phone

register = template.Library()


@register.filter
def phone_display(value) -> str:
    """``{{ page.contact_phone|phone_display }}``: 040 123 4567 for a Finnish number."""
    return display_phone(value) if value else ""
