"""Master-data applets: each document type is a :class:`~ledgerlet.masterdata.kind.MasterKind`."""
