"""Cells of CSV files people open in a spreadsheet program.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula (CSV injection); ``safe_cell`` makes it text with a
leading apostrophe. Plain numbers ("-3", "2.5") are left as they are: a number
is no formula. Used by the ledger's timeline export and the follow-up exports.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    if text[:1] not in FORMULA_PREFIXES:
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text
