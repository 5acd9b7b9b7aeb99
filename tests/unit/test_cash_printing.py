"""Printed receipts and payment vouchers: every text in every language, amounts in words, the page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from ledgerlet.finance.printing.texts import LANGUAGES, texts
from ledgerlet.finance.printing.voucher import Voucher, VoucherLine, render
from ledgerlet.finance.printing.words import amount_in_words, chinese, english, malay


def test_every_printed_text_exists_in_every_language_with_the_same_placeholders() -> None:
    import string

    english_table = texts("en")
    for language in LANGUAGES:
        table = texts(language)
        assert set(table) == set(english_table), (language, set(english_table) ^ set(table))
        for key, text in table.items():
            assert text.strip(), (language, key)
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            expected = {name for _, name, _, _ in string.Formatter().parse(english_table[key]) if name}
            assert fields == expected, (language, key)


def test_the_api_and_the_tables_offer_the_same_languages() -> None:
    from typing import get_args

    from ledgerlet.finance.cash_api import Language

    assert set(get_args(Language)) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "Zero"),
        (15, "Fifteen"),
        (51, "Fifty-One"),  # 50 + 1
        (100, "One Hundred"),
        (1020, "One Thousand and Twenty"),  # 1 x 1000 + 20
        (1071, "One Thousand and Seventy-One"),  # 1 x 1000 + 70 + 1
        (1100, "One Thousand One Hundred"),
        (250_375, "Two Hundred and Fifty Thousand Three Hundred and Seventy-Five"),
        (1_000_001, "One Million and One"),
    ],
)
def test_english_words(number: int, words: str) -> None:
    assert english(number) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (11, "Sebelas"),
        (17, "Tujuh Belas"),  # 7 + "belas" (teen)
        (100, "Seratus"),  # one hundred is "seratus", not "satu ratus"
        (1000, "Seribu"),
        (1071, "Seribu Tujuh Puluh Satu"),  # 1000 + 7 x 10 + 1
        (2_500, "Dua Ribu Lima Ratus"),
        (3_000_000, "Tiga Juta"),
    ],
)
def test_malay_words(number: int, words: str) -> None:
    assert malay(number) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (10, "壹拾"),
        (1071, "壹仟零柒拾壹"),  # 1 thousand, no hundreds (one 零), 7 tens, 1
        (1020, "壹仟零贰拾"),  # trailing zero units are not read
        (10_001, "壹万零壹"),  # 1 ten-thousand, then 0001: a zero between
        (100_000, "壹拾万"),
        (120_000_000, "壹亿贰仟万"),  # 1 x 10^8 + 2000 x 10^4
        (100_000_001, "壹亿零壹"),
    ],
)
def test_chinese_financial_numerals(number: int, words: str) -> None:
    assert chinese(number) == words


def test_amounts_in_words_per_currency_and_language() -> None:
    """1,071.50 is 1,071 ringgit and 50 sen; in Chinese 1,071 元, 5 角 (tenths), no 分 (hundredths)."""
    amount = Decimal("1071.50")
    assert amount_in_words(amount, "MYR", "en") == "Ringgit Malaysia One Thousand and Seventy-One and Sen Fifty Only"
    assert amount_in_words(amount, "MYR", "ms") == "Ringgit Malaysia Seribu Tujuh Puluh Satu dan Sen Lima Puluh Sahaja"
    assert amount_in_words(amount, "MYR", "zh-CN") == "马币壹仟零柒拾壹元伍角整"
    assert amount_in_words(Decimal("1.05"), "MYR", "zh-CN") == "马币壹元零伍分"  # 1 元, no 角, 5 分
    assert amount_in_words(Decimal("12.30"), "USD", "en") == "USD Twelve and Cents Thirty Only"
    assert amount_in_words(Decimal("1500"), "JPY", "zh-CN") == "JPY壹仟伍佰元整"  # yen have no fraction


@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("en", "Payment Voucher", "Ringgit Malaysia Five Hundred and Forty Only"),
        ("zh-CN", "付款凭单", "马币伍佰肆拾元整"),
        ("ms", "Baucar Bayaran", "Ringgit Malaysia Lima Ratus Empat Puluh Sahaja"),
    ],
)
def test_a_voucher_prints_its_title_party_lines_and_words(language: str, title: str, words: str) -> None:
    """500.00 of fees and 8% service tax: 500.00 x 8 / 100 = 40.00, 500.00 + 40.00 = 540.00 paid."""
    from pypdf import PdfReader

    voucher = Voucher(
        kind="payment",
        language=language,
        company_name="Syarikat Contoh Sdn Bhd",
        company_lines=("1 Jalan Ampang",),
        number="PV-000007",
        date="2026-06-03",
        party="陈氏律师楼 Tetuan Tan",  # a Chinese name on an English page: set in the CJK font
        cash_book="MBB Maybank",
        reference="",
        memo="",
        currency="MYR",
        amounts_are="exclusive",
        lines=(VoucherLine("6145 Legal fees", "Tenancy agreement", "SV8 40.00", Decimal("500.00")),),
        subtotal=Decimal("500.00"),
        tax=Decimal("40.00"),
        total=Decimal("540.00"),
        printed="2026-06-04",
        reverses=("PV-000006", "Paid twice"),
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render(voucher))).pages).replace("\n", " ")
    for expected in (
        title,
        words,
        "Syarikat Contoh Sdn Bhd",
        "PV-000007",
        "陈氏律师楼 Tetuan Tan",
        "540.00",
        "PV-000006",
    ):
        assert expected in text, (expected, text)


def test_a_long_voucher_runs_onto_more_pages() -> None:
    from pypdf import PdfReader

    lines = tuple(VoucherLine("6110 Rent", f"Line {n}", "", Decimal("1.00")) for n in range(100))
    voucher = Voucher(
        kind="receipt",
        language="en",
        company_name="Syarikat Contoh Sdn Bhd",
        company_lines=(),
        number="OR-000100",
        date="2026-06-03",
        party="Someone",
        cash_book="CASH",
        reference="",
        memo="",
        currency="MYR",
        amounts_are="exclusive",
        lines=lines,
        subtotal=Decimal("100.00"),
        tax=Decimal(0),
        total=Decimal("100.00"),
        printed="2026-06-04",
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render(voucher))).pages]
    assert len(pages) > 1 and "Page 2" in pages[1], pages
    assert "Description" in pages[1]  # the column heads again
    assert (
        "Line 99" in "".join(pages) and "Ringgit Malaysia One Hundred Only" in pages[-1] and "Received by" in pages[-1]
    )
