"""The municipality widgets of the activity, location and partner editors."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from wagtail_hyte.activities.models import ActivityLocation, ActivityPage
from wagtail_hyte.core.models import Municipality
from wagtail_hyte.core.widgets import GroupedMunicipalitySelect, MunicipalityPicker
from wagtail_hyte.partners.models import Partner

KESKI_SUOMI = "Keski-Suomen hyvinvointialue"
KAINUU = "Kainuun hyvinvointialue"


class PartnerMunicipalitiesForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["municipalities"]
        widgets = {"municipalities": MunicipalityPicker}


def activity_form(page, user):
    form_class = ActivityPage.get_edit_handler().get_form_class()
    return form_class(instance=page, for_user=user)


def test_picker_renders_one_fieldset_per_welfare_area(municipalities):
    field = forms.ModelMultipleChoiceField(
        Municipality.objects.all(), widget=MunicipalityPicker(open_areas=[KAINUU])
    )
    jyvaskyla = Municipality.objects.get(code="179")
    html = field.widget.render("municipalities", [jyvaskyla.pk], {"id": "id_municipalities"})
    areas = set(Municipality.objects.values_list("welfare_area", flat=True))
    assert html.count("<fieldset>") == len(areas) == 23
    assert f'<legend class="w-sr-only">{KESKI_SUOMI}</legend>' in html
    assert f'name="municipalities__area" value="{KESKI_SUOMI}"' in html
    assert f'value="{jyvaskyla.pk}" id="id_municipalities_{jyvaskyla.pk}" checked' in html
    assert 'for="id_municipalities_filter"' in html
    # the groups with a chosen municipality, and the configured ones, are open
    assert html.count("data-hyte-municipalities-group open") == 2
    # every checkbox has its own label
    assert html.count('type="checkbox"') == html.count("<label for=") == 309 + 23


def test_whole_area_saves_all_its_municipalities(municipalities):
    jyvaskyla = Municipality.objects.get(code="179")
    kajaani = Municipality.objects.get(code="205")
    data = QueryDict(mutable=True)
    data.setlist("municipalities", [str(kajaani.pk)])
    data.setlist("municipalities__area", [KESKI_SUOMI])
    form = PartnerMunicipalitiesForm(data)
    assert form.is_valid(), form.errors
    chosen = set(form.cleaned_data["municipalities"])
    assert chosen == set(Municipality.objects.in_welfare_area(KESKI_SUOMI)) | {kajaani}
    assert jyvaskyla in chosen and len(chosen) == 22 + 1


def test_nothing_ticked_is_an_empty_choice(municipalities):
    widget = MunicipalityPicker()
    widget.choices = forms.ModelMultipleChoiceField(Municipality.objects.all()).choices
    assert widget.value_from_datadict(QueryDict(), {}, "municipalities") == []
    assert not widget.value_omitted_from_data(QueryDict(), {}, "municipalities")


def test_activity_form_uses_picker_and_saves_whole_area(make_activity, make_user, municipalities):
    activity = make_activity(locations=[{"name": "Kirjasto", "municipality": "179"}])
    form = activity_form(activity, make_user("superuser"))
    widget = form.fields["municipalities"].widget
    assert isinstance(widget, MunicipalityPicker)
    data = QueryDict(mutable=True)
    data.setlist("municipalities__area", [KAINUU])
    value = widget.value_from_datadict(data, {}, "municipalities")
    assert set(form.fields["municipalities"].clean(value)) == set(
        Municipality.objects.in_welfare_area(KAINUU)
    )
    location_form = form.formsets["locations"].forms[0]
    assert isinstance(location_form.fields["municipality"].widget, GroupedMunicipalitySelect)


def test_location_select_groups_by_welfare_area(municipalities):
    field = forms.ModelChoiceField(Municipality.objects.all(), widget=GroupedMunicipalitySelect)
    jyvaskyla = Municipality.objects.get(code="179")
    html = field.widget.render("municipality", jyvaskyla.pk)
    assert html.count("<optgroup") == 23
    assert f'<optgroup label="{KESKI_SUOMI}">' in html
    group = html.split(f'<optgroup label="{KESKI_SUOMI}">')[1].split("</optgroup>")[0]
    assert f'value="{jyvaskyla.pk}" selected' in group
    assert group.count("<option") == 22
    # the empty choice stays first, outside the groups
    assert html.index('value=""') < html.index("<optgroup")
    assert ActivityLocation._meta.get_field("municipality")


def test_activity_edit_view_shows_picker(client, make_activity, make_user, municipalities):
    activity = make_activity()
    client.force_login(make_user("superuser"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-hyte-municipalities" in html
    assert f'<legend class="w-sr-only">{KESKI_SUOMI}</legend>' in html
    assert "wagtail_hyte/core/municipality_picker.js" in html
    assert '<optgroup label="' in html  # the empty location form's select


def test_partner_edit_view_shows_picker(client, make_partner, make_user, municipalities):
    partner = make_partner()
    client.force_login(make_user("superuser"))
    url = reverse("wagtailsnippets_wagtail_hyte_partners_partner:edit", args=[partner.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="municipalities__area"' in response.content.decode()


pytestmark = pytest.mark.django_db
