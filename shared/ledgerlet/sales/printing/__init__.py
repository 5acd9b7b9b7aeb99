"""Printed sales documents (PDF): a sales invoice (a Tax Invoice when the company is registered for SST, a
Cash Sale when paid at once), a delivery order, and a customer's statement of account.

- :mod:`.texts`: every word printed, one module per language (``en``, ``zh_cn``, ``ms``), the same keys
  in each (tests/unit/test_sales_printing.py fails when one is missing);
- :mod:`.parts`: the customer as printed, and the sales page (the customer beside the details);
- :mod:`.invoice`, :mod:`.delivery`, :mod:`.statement`: each document, as plain values built from its
  stored documents (pure), and its page.

What every printed document shares (the amount in words, the fonts, the company's heading, the A4 page
and its footer) is :mod:`ledgerlet.printing`; reportlab is imported on the first print only.
"""
