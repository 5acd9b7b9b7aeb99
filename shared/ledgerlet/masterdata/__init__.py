"""Master-data applets: each document type is a :class:`~ledgerlet.kinds.MasterKind`."""
