"""The activity's image: shown at the top of the page with its description as
the alt text, which is required with an image."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    if Collection.get_first_root_node() is None:  # after a transactional test's flush
        Collection.add_root(name="Root")
    return get_image_model().objects.create(title="Metsä", file=get_test_image_file())


def test_the_page_shows_the_image_with_its_description(client, make_activity, image):
    activity = make_activity()
    activity.image, activity.image_alt = image, "Kävelijöitä metsäpolulla"
    activity.save_revision().publish()
    html = client.get(activity.url).content.decode()
    figure = html.split('<figure class="hyte-activity__image">')[1].split("</figure>")[0]
    assert 'alt="Kävelijöitä metsäpolulla"' in figure and 'loading="lazy"' in figure


def test_without_an_image_nothing_is_shown(client, make_activity):
    activity = make_activity()
    assert "hyte-activity__image" not in client.get(activity.url).content.decode()


def test_an_image_needs_a_description(make_activity, image):
    activity = make_activity()
    activity.image = image
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    assert "image_alt" in caught.value.error_dict


def test_the_editor_has_the_image_fields(make_activity):
    from wagtail_hyte.activities.models import ActivityPage

    form_class = ActivityPage.get_edit_handler().get_form_class()
    assert {"image", "image_alt"} <= set(form_class.base_fields)
