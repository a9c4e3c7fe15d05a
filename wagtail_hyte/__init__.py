"""wagtail-hyte: wellbeing activities, partner agreements, referrals and consent for Wagtail."""

__version__ = "0.1.0"
