"""StreamField blocks for activity bodies and service path steps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "wagtail_hyte/activities/blocks/document_link.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_hyte/activities/blocks/quote.html"


class ActivityBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    image = ImageBlock(label=_("Image"))
    embed = EmbedBlock(label=_("Embedded media"))
    document = DocumentLinkBlock()
    quote = QuoteBlock()


class StepLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("activity or page"))
    label = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the page title."),
    )


class ServicePathStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=200)
    who = blocks.CharBlock(
        label=_("who helps"),
        max_length=200,
        required=False,
        help_text=_("A role or organisation, e.g. 'nurse at the health station'."),
    )
    client_action = blocks.RichTextBlock(
        label=_("what you do"), features=["bold", "italic", "link", "ul"]
    )
    next_step = blocks.RichTextBlock(
        label=_("what happens next"), features=["bold", "italic", "link", "ul"], required=False
    )
    plain_language = blocks.TextBlock(
        label=_("plain-language version"),
        required=False,
        help_text=_("The same step in selkokieli: short sentences, everyday words."),
    )
    links = blocks.ListBlock(StepLinkBlock(), label=_("links"), default=[])

    class Meta:
        icon = "list-ol"
        label = _("Step")
