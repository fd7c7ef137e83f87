"""Sliding-window attempt budgets ("at most N per user per hour"), as pure values.

Cognito limits code requests and code checks per user and hour (limits.md; cognito-errors.md
§2.2, §3.3, §3.4, §3.7). A :class:`Attempts` holds the instants of the counted attempts; the
flows ask whether the budget is spent *before* they act and record an attempt where Cognito
counts one. Attempts refused because the budget was spent are not recorded, so the window frees
an hour after the attempts that filled it [INF: Cognito's bookkeeping is not published].
"""

from __future__ import annotations

import attrs

HOUR = 3600.0


@attrs.frozen
class Attempts:
    """Instants (epoch seconds) of the counted attempts, oldest first."""

    at: tuple[float, ...] = ()

    def within(self, now: float, window: float = HOUR) -> Attempts:
        """Only the attempts still inside the window ending at ``now``."""
        if not self.at or now - self.at[0] < window:
            return self  # nothing has left the window (attempts are oldest first)
        return Attempts(tuple(t for t in self.at if now - t < window))

    def spent(self, now: float, limit: int, window: float = HOUR) -> bool:
        """True when ``limit`` attempts already fall inside the window ending at ``now``."""
        if len(self.at) < limit:
            return False  # the common case, decided without a new record
        return len(self.within(now, window).at) >= limit

    def record(self, now: float, window: float = HOUR) -> Attempts:
        """These attempts plus one at ``now`` (older ones outside the window dropped)."""
        return Attempts((*self.within(now, window).at, now))

    def frees_at(self, limit: int, window: float = HOUR) -> float | None:
        """When the budget next has room, or None if it has room now (given no new attempts)."""
        if len(self.at) < limit:
            return None
        return self.at[len(self.at) - limit] + window


#: No attempts: records are frozen, so one empty record serves everyone.
NO_ATTEMPTS = Attempts()
