"""The company as its documents print it: legal name, registration numbers and address, from the control
plane's copy of its profile in the hub (:mod:`ledgerlet.company`); and an address as printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore


@dataclass(frozen=True)
class Company:
    name: str
    brn: str = ""
    tin: str = ""
    sst_number: str = ""
    address: tuple[str, ...] = ()

    def lines(self, table: Mapping[str, str]) -> tuple[str, ...]:
        """Its registration numbers, each labelled by ``table``'s ``company.brn``, ``company.tin`` and
        ``company.sst`` (``{value}`` the number; absent numbers left out), then its address."""
        numbers = (("company.brn", self.brn), ("company.tin", self.tin), ("company.sst", self.sst_number))
        return (*(table[key].format(value=value) for key, value in numbers if value), *self.address)


def read_company(store: DocumentStore) -> Company:
    """The company of ``store``'s tenant (blank for a company set up before the profile was copied)."""
    from ledgerlet.company import company_profile

    profile = company_profile(store.db, store.table, store.tenant_id) or {}
    return Company(
        name=str(profile.get("legal_name") or ""),
        brn=str(profile.get("brn") or ""),
        tin=str(profile.get("tin") or ""),
        sst_number=str(profile.get("sst_number") or ""),
        address=tuple(address_lines(profile.get("address"))),
    )


NOT_APPLICABLE_STATE = "17"  # LHDN's state code of an address outside Malaysia
HOME_COUNTRIES = ("", "MYS", "MY")  # master data's alpha-3, the company profile's alpha-2: not printed


def address_lines(address: Any) -> list[str]:
    """The address as printed: its street lines, then "postcode city", then the state's name, then the
    country's outside Malaysia (``country``: ISO 3166-1 alpha-3 as master data keeps it)."""
    if not isinstance(address, dict):
        return []
    from ledgerlet.reference.codes import countries, states

    lines = [str(address[name]) for name in ("line1", "line2", "line3") if address.get(name)]
    town = " ".join(str(address[name]) for name in ("postcode", "city") if address.get(name))
    if town:
        lines.append(town)
    state = str(address.get("state") or "")
    if state and state != NOT_APPLICABLE_STATE:
        lines.append(states().get(state, state).title())
    country = str(address.get("country") or "")
    if country not in HOME_COUNTRIES:
        lines.append(countries().get(country, country).title())
    return lines
