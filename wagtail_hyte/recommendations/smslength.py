"""How many SMS segments a text takes (GSM 03.38 7-bit alphabet, else UCS-2)."""

from __future__ import annotations

import math

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def units(text: str) -> tuple[int, bool]:
    """(length in encoding units, is GSM 7-bit)."""
    if is_gsm(text):
        return sum(2 if c in GSM_EXTENDED else 1 for c in text), True
    return len(text.encode("utf-16-le")) // 2, False


def segments(text: str) -> int:
    length, gsm = units(text)
    single, multi = (160, 153) if gsm else (70, 67)
    if length <= single:
        return 1
    return math.ceil(length / multi)


def gsm_text(text: str) -> str:
    """Replace typographic characters that would force UCS-2 with GSM equivalents."""
    table = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
    return "".join(table.get(c, c) for c in text)
