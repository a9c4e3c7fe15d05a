from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CLIENT_LANGUAGES, Channel
from .services import recommendable


def service_choices(data, *, user, request) -> dict:
    """What a professional chose in a ``RecommendForm`` (its ``cleaned_data``),
    as ``services.preview`` and ``services.recommend`` take it: the admin's form
    and the REST API alike."""
    return {
        "user": user,
        "activities": recommendable(data["activities"]),
        "channel": data["channel"],
        "language": data["language"],
        "plain": data["plain"],
        "request": request,
    }


class RecommendForm(forms.Form):
    activities = forms.TypedMultipleChoiceField(
        label=_("Activities"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(
        label=_("How to send"), choices=Channel.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("Client's mobile number"),
        required=False,
        max_length=40,
        help_text=_("For a text message. Used for this message only and not saved."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Client's email address"),
        required=False,
        max_length=254,
        help_text=_("For an email. Used for this message only and not saved."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Client's language"), choices=CLIENT_LANGUAGES, widget=forms.RadioSelect
    )
    plain = forms.BooleanField(
        label=_("Plain language"),
        required=False,
        help_text=_("Use the activities' plain-language summaries (selkokieli) where they exist."),
    )

    def __init__(self, *args, activities=(), languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(a.pk, a.title) for a in activities]
        if languages:
            self.fields["language"].choices = [
                (code, label) for code, label in CLIENT_LANGUAGES if code in languages
            ]
