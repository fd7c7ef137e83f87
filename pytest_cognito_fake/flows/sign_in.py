"""Sign-in decisions that need no I/O: which flows a client allows, the password lockout,
temporary-password expiry, and what a password sign-in leads to.

Facts: cognito-errors.md §3.5, defaults.md §2.2, §5.3.

- **Client flows**: a client without ``ExplicitAuthFlows`` allows refresh, SRP and custom auth
  [AWS-DOC]. Legacy names map to the ``ALLOW_`` ones (``USER_PASSWORD_AUTH`` →
  ``ALLOW_USER_PASSWORD_AUTH``, ``ADMIN_NO_SRP_AUTH`` → ``ALLOW_ADMIN_USER_PASSWORD_AUTH``,
  ``CUSTOM_AUTH_FLOW_ONLY`` → custom auth only); a client with only legacy names still allows SRP
  and refresh, as legacy clients did [INF].
- **Lockout** [AWS-DOC authentication-flow]: after 5 failed passwords the user is locked out for
  2^(n-5) seconds after the n-th failure, doubling up to 15 minutes; while locked out every
  attempt gets ``Password attempts exceeded`` and is not counted; 15 minutes without a failure
  forgets them [INF for the exact bookkeeping].
- **Temporary password**: expires ``TemporaryPasswordValidityDays`` after it was set
  (``flows.passwords.temporary_password_expired``); then the sign-in fails exactly like a wrong
  password [REAL].
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

#: Each API flow and the ALLOW_ value a client must list for it.
_NEEDS = {
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "USER_AUTH": "ALLOW_USER_AUTH",
}
_LEGACY = {
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY": "ALLOW_CUSTOM_AUTH",
}
DEFAULT_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")

LOCKOUT_AFTER = 5
LOCKOUT_CAP = 900.0
LOCKOUT_RESET = 900.0


def allowed_flows(explicit: Sequence[str] | None) -> frozenset[str]:
    """The ALLOW_ values in force for a client's ``ExplicitAuthFlows`` (None: not set)."""
    if not explicit:
        return frozenset(DEFAULT_FLOWS)
    allowed = {_LEGACY.get(flow, flow) for flow in explicit}
    if any(flow in _LEGACY for flow in explicit) and not any(
            flow.startswith("ALLOW_") for flow in explicit):
        allowed |= {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    return frozenset(allowed)


def custom_auth_only(explicit: Sequence[str] | None) -> bool:
    return bool(explicit) and "CUSTOM_AUTH_FLOW_ONLY" in (explicit or ())


def flow_allowed(flow: str, explicit: Sequence[str] | None) -> bool:
    need = _NEEDS.get(flow)
    return need is not None and need in allowed_flows(explicit)


@attrs.frozen
class Failures:
    """Failed passwords of one user: how many in a row, and when the last one was."""

    count: int = 0
    last: float = 0.0

    def current(self, now: float) -> Failures:
        """Forgotten after 15 minutes without a failure."""
        return self if now - self.last < LOCKOUT_RESET else Failures()

    def locked(self, now: float) -> bool:
        failures = self.current(now)
        if failures.count < LOCKOUT_AFTER:
            return False
        wait = min(2.0 ** (failures.count - LOCKOUT_AFTER), LOCKOUT_CAP)
        return now < failures.last + wait

    def failed(self, now: float) -> Failures:
        return Failures(self.current(now).count + 1, now)
