"""localcloud: run a SAM template in process on top of moto (no AWS, no Docker)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .runtime import LocalCloud

__all__ = ["LocalCloud"]


def __getattr__(name: str) -> Any:
    if name == "LocalCloud":
        from .runtime import LocalCloud

        return LocalCloud
    raise AttributeError(name)
