"""Derive the compact reference tables shipped in the Lambda layer from LHDN's MyInvois code tables.

LHDN publishes its code tables as JSON lists of ``{"Code": ..., "<name field>": ...}`` objects. The
layer cannot read those files at run time, so this script boils each table down to one sorted
``{code: name}`` object in ``shared/ledgerlet/reference/data/``. Names are cleaned up on the way:

* surrounding whitespace is trimmed and inner runs of whitespace (including no-break spaces) collapse
  to a single space;
* UTF-8 text that was mis-decoded as Windows-1252 somewhere upstream ("Â°C", "â€“") is repaired;
* exact duplicate rows are dropped (MSIC lists ``16211`` twice); conflicting duplicates are an error.

Usage::

    python infra/tools/build_reference.py            # rewrite the data files
    python infra/tools/build_reference.py --check    # exit 1 if they are out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "vectors" / "myinvois" / "codes"
DEFAULT_OUTPUT = REPO_ROOT / "shared" / "ledgerlet" / "reference" / "data"


@dataclass(frozen=True, slots=True)
class TableSource:
    """One LHDN code table: its file, the field holding the name, and the file we write."""

    source: str
    name_field: str
    output: str


TABLES: tuple[TableSource, ...] = (
    TableSource("StateCodes.json", "State", "states.json"),
    TableSource("CountryCodes.json", "Country", "countries.json"),
    TableSource("CurrencyCodes.json", "Currency", "currencies.json"),
    TableSource("MSICSubCategoryCodes.json", "Description", "msic.json"),
    TableSource("UnitTypes.json", "Name", "units.json"),
    TableSource("TaxTypes.json", "Description", "tax_types.json"),
    TableSource("ClassificationCodes.json", "Description", "classifications.json"),
    TableSource("PaymentMethods.json", "Payment Method", "payment_methods.json"),
    TableSource("EInvoiceTypes.json", "Description", "einvoice_types.json"),
)

# Characters that only turn up in UTF-8 text mis-decoded as Windows-1252 / Latin-1.
_MOJIBAKE_MARKERS = ("Â", "Ã", "â€")


def _repair_mojibake(text: str) -> str:
    """Undo a UTF-8 -> Windows-1252 mis-decoding; leave the text alone if it does not round-trip."""
    if not any(marker in text for marker in _MOJIBAKE_MARKERS):
        return text
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return text
            raw.append(ord(char))  # bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def clean_name(text: str) -> str:
    """Repair mojibake, trim, and collapse inner whitespace to single spaces."""
    return " ".join(_repair_mojibake(text).split())


def derive_table(rows: object, table: TableSource) -> dict[str, str]:
    """Turn LHDN's list of rows into a sorted ``{code: name}`` mapping."""
    if not isinstance(rows, list):
        raise ValueError(f"{table.source}: expected a JSON list")
    result: dict[str, str] = {}
    for row in rows:
        code = str(row["Code"]).strip()
        name = clean_name(str(row[table.name_field]))
        if not code or not name:
            raise ValueError(f"{table.source}: empty code or name in {row!r}")
        if result.get(code, name) != name:
            raise ValueError(f"{table.source}: code {code!r} has two names: {result[code]!r}, {name!r}")
        result[code] = name
    return dict(sorted(result.items()))


def derive_tables(source_dir: Path = DEFAULT_SOURCE) -> dict[str, dict[str, str]]:
    """Every output file name mapped to the table derived from ``source_dir``."""
    tables: dict[str, dict[str, str]] = {}
    for table in TABLES:
        rows = json.loads((source_dir / table.source).read_text(encoding="utf-8-sig"))
        tables[table.output] = derive_table(rows, table)
    return tables


def render(table: dict[str, str]) -> str:
    """The exact text written for one table (compact, sorted, UTF-8, trailing newline)."""
    return json.dumps(table, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def build(source_dir: Path, output_dir: Path, *, check: bool = False) -> list[str]:
    """Write (or with ``check``, only compare) the derived tables; return the names that changed."""
    changed: list[str] = []
    for name, table in derive_tables(source_dir).items():
        path = output_dir / name
        text = render(table)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(name)
        if not check:
            output_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of LHDN code tables")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="folder to write into")
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)
    changed = build(args.source, args.output, check=args.check)
    verb = "out of date" if args.check else "written"
    for name in changed:
        print(f"{verb}: {name}")
    if not changed:
        print("reference tables up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
