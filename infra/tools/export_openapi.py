"""Write the API's OpenAPI document (the one served at /v1/openapi.json) to a file, for the console's
typed client: `python infra/tools/export_openapi.py artifacts/openapi.json`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "shared"))


def main(argv: list[str]) -> int:
    from ledgerlet.api.openapi import document

    target = Path(argv[0]) if argv else ROOT / "artifacts" / "openapi.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(document())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
