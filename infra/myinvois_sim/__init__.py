"""Offline simulator of LHDN's MyInvois identity and e-invoice APIs (see README.md).

>>> sim = start()            # in-process, any free port, state in memory
>>> sim.url, sim.stop()
"""

from .app import RATE_LIMITS, Simulator, start

__all__ = ["RATE_LIMITS", "Simulator", "start"]
