"""Every domain of applets. Adding a domain is one line here (and its nested stack in template.yaml);
adding an applet to a domain touches only that domain's package (see the README)."""

from __future__ import annotations

from ledgerlet.applet_spec import Domain
from ledgerlet.einvoice.applet import DOMAIN as EINVOICE
from ledgerlet.finance.applet import DOMAIN as FINANCE
from ledgerlet.inventory.applet import DOMAIN as INVENTORY
from ledgerlet.ledger.applet import DOMAIN as LEDGER
from ledgerlet.marketplace.applet import DOMAIN as MARKETPLACE
from ledgerlet.masterdata.applet import DOMAIN as MASTER_DATA
from ledgerlet.platform.applet import DOMAIN as PLATFORM
from ledgerlet.pos.applet import DOMAIN as POS
from ledgerlet.sales.applet import DOMAIN as SALES

DOMAINS: tuple[Domain, ...] = (
    MASTER_DATA,
    INVENTORY,
    SALES,
    FINANCE,
    LEDGER,
    EINVOICE,
    MARKETPLACE,
    POS,
    PLATFORM,
)
