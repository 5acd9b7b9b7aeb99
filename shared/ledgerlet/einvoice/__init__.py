"""MyInvois e-invoicing: LHDN UBL 2.1 documents, their v1.1 signature, the MyInvois API client and the
per-tenant submission queue."""
