"""Printed cash documents: a receipt as an Official Receipt, a payment as a Payment Voucher (PDF).

- :mod:`.texts`: every word printed, one module per language (``en``, ``zh_cn``, ``ms``), the same keys
  in each (tests/unit/test_cash_printing.py fails when one is missing);
- :mod:`.voucher`: the page itself, drawn with reportlab (imported on first use: the handler's cold
  start does not pay for it). Chinese is set in reportlab's built-in CID font ``STSong-Light``, which
  the PDF viewer supplies, so no font ships with the function.

What every printed document shares (the amount in words, the fonts, the company's heading, the page and
its footer) is in :mod:`ledgerlet.printing`; :mod:`.words` still names its amount in words.
"""
