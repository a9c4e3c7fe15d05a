"""The professional's two-step referral form, driven through the test client."""

import html
import re

HIDDEN_INPUT = re.compile(r"<input[^>]*>")


def hidden_inputs(page: str) -> dict:
    """Whatever a page carries as hidden inputs (details, notice, tokens)."""
    data = {}
    for tag in HIDDEN_INPUT.findall(page):
        kind = re.search(r'type="([^"]*)"', tag)
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and name and kind.group(1) == "hidden":
            data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return data


def consent_step_data(client, url, details, **extra) -> dict:
    """Post the details step; return the consent step's data (verbal, confirmed)."""
    first = client.post(url, dict(details))
    assert first.status_code == 200
    data = hidden_inputs(first.text)
    data.update(step="consent", collection_method="verbal", confirmed="on", **extra)
    return data
