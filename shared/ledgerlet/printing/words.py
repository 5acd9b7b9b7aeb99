"""An amount in words, as a cheque or an official receipt writes it, in English, Malay and Chinese.

    >>> amount_in_words(Decimal("1071.00"), "MYR", "en")
    'Ringgit Malaysia One Thousand and Seventy-One Only'
    >>> amount_in_words(Decimal("1071.00"), "MYR", "ms")
    'Ringgit Malaysia Seribu Tujuh Puluh Satu Sahaja'
    >>> amount_in_words(Decimal("1071.00"), "MYR", "zh-CN")
    '马币壹仟零柒拾壹元整'

Whole units and the fraction (sen, cents) are written separately, at the currency's precision.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlet.money import quantize
from ledgerlet.reference.codes import currency_precision

_EN_ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
_EN_TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
_EN_SCALES = ((10**12, "Trillion"), (10**9, "Billion"), (10**6, "Million"), (1000, "Thousand"))

_MS_ONES = ["Kosong", "Satu", "Dua", "Tiga", "Empat", "Lima", "Enam", "Tujuh", "Lapan", "Sembilan"]
_MS_SCALES = ((10**12, "Trilion"), (10**9, "Bilion"), (10**6, "Juta"), (1000, "Ribu"))

_ZH_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_ZH_GROUP_UNITS = ("", "万", "亿", "万亿")


# --- English ---------------------------------------------------------------------------------------
def _en_below_100(number: int) -> str:
    if number < 20:
        return _EN_ONES[number]
    tens, ones = divmod(number, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")


def _en_below_1000(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    parts = [f"{_EN_ONES[hundreds]} Hundred"] if hundreds else []
    if rest:
        parts += ["and", _en_below_100(rest)] if hundreds else [_en_below_100(rest)]
    return " ".join(parts)


def english(number: int) -> str:
    """``1071`` → ``One Thousand and Seventy-One`` (British usage: "and" before the last tens)."""
    if number == 0:
        return "Zero"
    parts: list[str] = []
    for value, name in _EN_SCALES:
        if number >= value:
            parts.append(f"{english(number // value)} {name}")
            number %= value
    if number:
        if parts and number < 100:
            parts.append("and")
        parts.append(_en_below_1000(number))
    return " ".join(parts)


# --- Malay -----------------------------------------------------------------------------------------
def _ms_below_100(number: int) -> str:
    if number < 10:
        return _MS_ONES[number]
    if number == 10:
        return "Sepuluh"
    if number == 11:
        return "Sebelas"
    if number < 20:
        return f"{_MS_ONES[number - 10]} Belas"
    tens, ones = divmod(number, 10)
    return f"{_MS_ONES[tens]} Puluh" + (f" {_MS_ONES[ones]}" if ones else "")


def _ms_below_1000(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    parts = ["Seratus" if hundreds == 1 else f"{_MS_ONES[hundreds]} Ratus"] if hundreds else []
    if rest:
        parts.append(_ms_below_100(rest))
    return " ".join(parts)


def malay(number: int) -> str:
    """``1071`` → ``Seribu Tujuh Puluh Satu`` (one thousand is "seribu", one hundred "seratus")."""
    if number == 0:
        return "Kosong"
    parts: list[str] = []
    for value, name in _MS_SCALES:
        if number >= value:
            count = number // value
            parts.append("Seribu" if value == 1000 and count == 1 else f"{malay(count)} {name}")
            number %= value
    if number:
        parts.append(_ms_below_1000(number))
    return " ".join(parts)


# --- Chinese financial numerals ----------------------------------------------------------------------
def _zh_group(number: int) -> str:
    """0 < number < 10000: 仟佰拾 with one 零 for any run of zeros between digits."""
    text, zero = "", False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = number // 10**power % 10
        if digit == 0:
            zero = zero or bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _ZH_DIGITS[digit] + unit
    return text


def chinese(number: int) -> str:
    """``1071`` → ``壹仟零柒拾壹``; ``100000`` → ``壹拾万``; ``10001`` → ``壹万零壹``."""
    if number == 0:
        return "零"
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    text, gap = "", False
    for position in reversed(range(len(groups))):
        group = groups[position]
        if group == 0:
            gap = gap or bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _zh_group(group) + _ZH_GROUP_UNITS[position]
        gap = False
    return text


def _chinese_money(whole: int, fraction: int, digits: int) -> str:
    if digits == 0 or fraction == 0:
        return f"{chinese(whole)}元整"
    jiao, fen = (fraction // 10, fraction % 10) if digits == 2 else (fraction // 10 ** (digits - 1), 0)
    text = f"{chinese(whole)}元" if whole else ""
    if jiao:
        text += f"{_ZH_DIGITS[jiao]}角" + (f"{_ZH_DIGITS[fen]}分" if fen else "整")
    else:
        text += ("零" if whole else "") + f"{_ZH_DIGITS[fen]}分"
    return text


def amount_in_words(amount: Decimal, currency: str, language: str) -> str:
    """``amount`` of ``currency`` in words, in ``language`` (``en``, ``ms`` or ``zh-CN``)."""
    value = abs(quantize(amount, currency))
    digits = currency_precision(currency)
    whole = int(value)
    fraction = int((value - whole).scaleb(digits))
    myr = currency == "MYR"
    if language == "zh-CN":
        return ("马币" if myr else currency) + _chinese_money(whole, fraction, digits)
    if language == "ms":
        text = f"{'Ringgit Malaysia' if myr else currency} {malay(whole)}"
        return text + (f" dan Sen {malay(fraction)}" if fraction else "") + " Sahaja"
    text = f"{'Ringgit Malaysia' if myr else currency} {english(whole)}"
    return text + (f" and {'Sen' if myr else 'Cents'} {english(fraction)}" if fraction else "") + " Only"
