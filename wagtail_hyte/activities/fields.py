"""A list of choice values stored as JSON and edited with checkboxes."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """Stores a list of values from ``choices`` (e.g. languages) in a JSON column."""

    def __init__(self, *args, choices_list=(), **kwargs):
        self.choices_list = list(choices_list)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # The choices live in code; migrations need not follow every label change.
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.choices_list}
        if not isinstance(value, list) or any(item not in allowed for item in value):
            raise ValidationError(_("Choose values from the list."), code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices_list,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
            empty_value=[],
        )

    def value_labels(self, values) -> list[str]:
        labels = dict(self.choices_list)
        return [str(labels.get(v, v)) for v in values or ()]
