"""The activity page's "Lyhyesti" facts box keeps long Finnish labels and values
apart: at a phone width and a desktop width no label's box overlaps its value's
box, no text runs outside the box, and the page passes axe-core. At the desktop
width, where the box has room, no label is broken mid-word."""

import pytest

LONG_NOTE = (
    "Esteetön sisäänkäynti pihan puolelta, induktiosilmukka ja "
    "pyörätuolilla käytettävä inva-wc. Esteettömyysselvitysasiakirja saatavilla."
)
REGISTRATION_NOTE = (
    "Ilmoittautumisvelvollisuus koskee kaikkia osallistujia; "
    "ryhmäliikuntaneuvontapalvelukokonaisuus täyttyy nopeasti."
)
CONTACT_EMAIL = "hyvinvointipalvelut.liikuntaneuvonta@example.invalid"

# Every row of the facts box: the client rectangles of its label's and value's
# text (a Range over each), their element boxes and the box's own edges. Text
# rectangles catch text that spills out of its grid cell, which the cell's own
# box would not show.
ROWS_JS = """() => {
  const rects = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return Array.from(range.getClientRects())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
  };
  const box = document.querySelector('.hyte-activity__facts').getBoundingClientRect();
  const rows = Array.from(document.querySelectorAll('.hyte-activity__facts .hyte-facts > div'));
  return {
    box: {left: box.left, right: box.right},
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    rows: rows.map((row) => {
      const dt = row.querySelector('dt'), dd = row.querySelector('dd');
      return {
        label: dt.textContent.trim(),
        labelText: rects(dt), valueText: rects(dd),
        labelScroll: dt.scrollWidth - dt.clientWidth,
        valueScroll: dd.scrollWidth - dd.clientWidth,
      };
    }),
  };
}"""
TOLERANCE = 0.5  # CSS pixels of sub-pixel rounding


def overlap(a, b):
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOLERANCE
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE
    )


def edges(box):
    """A Playwright bounding box as the edges a DOMRect has."""
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    return {"left": x, "right": x + w, "top": y, "bottom": y + h}


def inside(part, box):
    return part["left"] >= box["left"] - TOLERANCE and part["right"] <= box["right"] + TOLERANCE


@pytest.fixture
def long_facts_activity(home_page, municipalities, make_partner):
    from wagtail_hyte.activities.models import (
        AccessibilityFeature,
        ActivityIndexPage,
        ActivityPage,
        TargetGroup,
        Theme,
    )
    from wagtail_hyte.activities.taxonomy_seed import seed_taxonomies

    seed_taxonomies(Theme, TargetGroup, AccessibilityFeature)
    index = home_page.add_child(instance=ActivityIndexPage(title="Tarjotin", slug="tarjotin"))
    partner = make_partner("Keski-Suomen Liikunta- ja Hyvinvointiyhdistys ry")
    activity = ActivityPage(
        title="Kuntosaliryhmä",
        slug="kuntosali",
        organiser=partner,
        min_age=65,
        max_age=99,
        group_size_min=6,
        group_size_max=12,
        summary="Ohjattua kuntosaliharjoittelua ikäihmisille.",
        schedule_type="weekly",
        cost_type="paid",
        cost_description="5 euroa kerralta, maksuton kunnan liikuntakortilla (liikuntapassi)",
        languages=["fi", "sv", "en"],
        accessibility_note=LONG_NOTE,
        registration_required=True,
        registration_url="https://example.invalid/ilmoittautuminen/kuntosaliryhma-syksy",
        registration_phone="+358401234001",
        registration_email="ilmoittautumiset.kuntosaliryhmat@example.invalid",
        registration_note=REGISTRATION_NOTE,
        contact_title="Liikuntaneuvonnan palveluohjaaja",
        contact_email=CONTACT_EMAIL,
    )
    activity.themes = list(Theme.objects.all()[:4])
    activity.target_groups = list(TargetGroup.objects.all()[:3])
    activity.accessibility_features = list(AccessibilityFeature.objects.all())
    activity.municipalities = list(municipalities.order_by("name_fi")[:6])
    index.add_child(instance=activity)
    return activity


@pytest.mark.parametrize("width", [360, 1280])
def test_facts_box_labels_never_meet_their_values(
    page, live_server, long_facts_activity, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{long_facts_activity.url}")
    assert page.locator("#hyte-facts-heading").inner_text() == "Lyhyesti"
    page.evaluate("() => document.fonts.ready")
    layout = page.evaluate(ROWS_JS)
    labels = [row["label"] for row in layout["rows"]]
    assert {"Saavutettavuus", "Ilmoittautuminen", "Yhteystiedot"} <= set(labels), labels

    assert layout["pageOverflow"] <= 0, f"page scrolls sideways by {layout['pageOverflow']}px"
    box = layout["box"]
    rows = page.locator(".hyte-activity__facts .hyte-facts > div")
    assert rows.count() == len(layout["rows"])
    for n, row in enumerate(layout["rows"]):
        label = row["label"]
        dt_box = edges(rows.nth(n).locator("dt").bounding_box())
        dd_box = edges(rows.nth(n).locator("dd").bounding_box())
        assert not overlap(dt_box, dd_box), f"{label}: label box {dt_box} overlaps {dd_box}"
        assert inside(dt_box, box) and inside(dd_box, box), f"{label}: cell outside {box}"
        assert row["labelText"] and row["valueText"], label
        for text in row["labelText"]:
            for value in row["valueText"]:
                assert not overlap(text, value), f"{label}: label text {text} meets {value}"
        for part in row["labelText"] + row["valueText"]:
            assert inside(part, box), f"{label}: text {part} runs outside the box {box}"
        assert row["labelScroll"] <= 0 and row["valueScroll"] <= 0, f"{label} overflows its cell"
        if width >= 1280:
            assert len(row["labelText"]) == 1, f"{label} is broken over lines: {row['labelText']}"
    axe(page)
