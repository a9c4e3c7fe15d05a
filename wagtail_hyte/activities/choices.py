"""Fixed choice lists of the activity catalogue (the managed taxonomies are models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class ScheduleType(models.TextChoices):
    ONE_OFF = "one_off", _("One-off event")
    WEEKLY = "weekly", _("Recurring weekly")
    SERIES = "series", _("Series of meetings on set dates")


class ActivityStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class CostType(models.TextChoices):
    FREE = "free", _("Free of charge")
    PAID = "paid", _("Paid")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# GET parameter values for weekdays: short, stable, language-neutral.
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (before 12)")
    AFTERNOON = "afternoon", _("Afternoon (12–17)")
    EVENING = "evening", _("Evening (from 17)")


def time_of_day(value) -> str:
    """Classify a start time: before 12 morning, 12–16:59 afternoon, else evening."""
    if value.hour < 12:
        return TimeOfDay.MORNING
    if value.hour < 17:
        return TimeOfDay.AFTERNOON
    return TimeOfDay.EVENING


class LeaderRole(models.TextChoices):
    LEADER = "leader", _("Group leader")
    VISITING_EXPERT = "visiting_expert", _("Visiting expert")


class LeaderOrganisationKind(models.TextChoices):
    WELFARE_AREA = "welfare_area", _("Welfare area")
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATION = "association", _("Association")
    SCHOOL = "school", _("School or college")
    PARISH = "parish", _("Parish")
    COMPANY = "company", _("Company")
    KELA = "kela", _("Kela")
    OTHER = "other", _("Other")


# Languages an activity can be run in (ISO 639-1, Northern Sami "se").
ACTIVITY_LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("se", _("Northern Sami")),
    ("fi-x-selko", _("Plain Finnish (selkokieli)")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("et", _("Estonian")),
    ("fa", _("Persian")),
    ("fi-x-sign", _("Finnish Sign Language")),
]
