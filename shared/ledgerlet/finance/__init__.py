"""Finance applets whose documents post to the ledger: manual journals, receipts and payments."""
