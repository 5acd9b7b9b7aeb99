"""What every printed document shares, whichever domain prints it (a receipt, a payment voucher, an
invoice, a delivery order, a statement). Shared like :mod:`ledgerlet.money`: no applet domain here.

- :mod:`.languages`: the languages a document prints in, and each domain's tables of printed words
  (one module per language, the same keys in each);
- :mod:`.words`: an amount in words (English, Malay, Chinese financial numerals 壹贰叁);
- :mod:`.company`: the company's heading (name, BRN, TIN, SST number, address) from the control
  plane's copy of its profile in the hub, and an address as printed;
- :mod:`.page`: A4 pages drawn with reportlab (imported on first use: a handler's cold start does not
  pay for it), Latin text in Helvetica and Chinese in reportlab's built-in CID font ``STSong-Light``,
  which the PDF viewer supplies, so no font ships with a function;
- :mod:`.answer`: a route's answer with a PDF, past the JSON response validation.
"""
