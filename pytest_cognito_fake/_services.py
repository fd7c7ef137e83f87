"""The services a test drives: clock, outbox, faults, Lambda registry, call log, identifiers.

They sit beside the state layer: operations read them through the request context, tests drive
them through :class:`~pytest_cognito_fake.CognitoFake`. None of them does I/O.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import string
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from pytest_cognito_fake import _model
from pytest_cognito_fake.errors import CognitoError, error_class

# -- clock -------------------------------------------------------------------------------------


class Clock:
    """The fake's time. Follows real time until frozen; ``advance`` moves it either way.

    Everything time-based in the fake (code and token expiry, lockouts, rate windows, dates in
    responses) reads :meth:`now`, so a test moves time without sleeping or patching globals.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._frozen: float | None = None

    def now(self) -> float:
        """Seconds since the epoch, as a float."""
        if self._frozen is not None:
            return self._frozen
        return time.time() + self._offset

    def advance(self, seconds: float | _dt.timedelta) -> float:
        """Move time forward by ``seconds`` (a number or a ``timedelta``); returns the new now."""
        if isinstance(seconds, _dt.timedelta):
            seconds = seconds.total_seconds()
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"advance() takes seconds or a timedelta, not {type(seconds).__name__}")
        if not math.isfinite(seconds):
            raise ValueError(f"advance() takes a finite number of seconds, not {seconds}")
        if self._frozen is not None:
            self._frozen += seconds
        else:
            self._offset += seconds
        return self.now()

    def freeze(self, at: float | _dt.datetime | None = None) -> float:
        """Stop time at ``at`` (epoch seconds or an aware datetime), or at the current fake time."""
        if at is None:
            self._frozen = self.now()
        elif isinstance(at, _dt.datetime):
            if at.tzinfo is None:
                raise ValueError("freeze(at=datetime) needs an aware datetime (tzinfo set)")
            self._frozen = at.timestamp()
        elif isinstance(at, bool) or not isinstance(at, (int, float)):
            # A string or a date would otherwise be read as something it does not say.
            raise TypeError(f"freeze() takes epoch seconds or an aware datetime, "
                            f"not {type(at).__name__}")
        elif not math.isfinite(at):
            raise ValueError(f"freeze() takes a finite time, not {at}")
        else:
            self._frozen = float(at)
        return self._frozen

    def unfreeze(self) -> None:
        """Follow real time again, from the frozen instant on."""
        if self._frozen is not None:
            self._offset = self._frozen - time.time()
            self._frozen = None


# -- outbox ------------------------------------------------------------------------------------


@attrs.frozen
class Message:
    """One email or SMS Cognito would have sent.

    ``kind`` says why: ``"invitation"`` (AdminCreateUser), ``"sign_up"``, ``"resend_code"``,
    ``"forgot_password"``, ``"admin_reset_password"``, ``"verify_attribute"``, ``"mfa"``.
    ``code`` is the code or the temporary password the message carries.
    """

    kind: str
    medium: str  # "EMAIL" or "SMS"
    to: str
    username: str
    user_pool_id: str
    code: str | None
    subject: str | None
    body: str
    sent_at: float


class Outbox:
    """Every message the fake "sent", oldest first."""

    def __init__(self) -> None:
        self._messages: list[Message] = []

    def append(self, message: Message) -> None:
        self._messages.append(message)

    def __iter__(self) -> Iterator[Message]:
        return iter(list(self._messages))

    def __len__(self) -> int:
        return len(self._messages)

    def __getitem__(self, index: int) -> Message:
        return self._messages[index]

    def last(self, username: str | None = None) -> Message:
        """The newest message, or the newest for ``username``; AssertionError if there is none."""
        for message in reversed(self._messages):
            if username is None or message.username == username:
                return message
        who = "" if username is None else f" for {username!r}"
        raise AssertionError(f"the outbox holds no message{who} ({len(self._messages)} in all)")

    def filter(self, **fields: Any) -> list[Message]:
        """Messages whose fields equal the given values, e.g. ``filter(kind="invitation")``."""
        return [m for m in self._messages
                if all(getattr(m, k) == v for k, v in fields.items())]

    def clear(self) -> None:
        self._messages.clear()


# -- faults ------------------------------------------------------------------------------------


@attrs.define
class Fault:
    operation: str
    error: type[CognitoError]
    message: str | None
    remaining: int
    fired: int = 0


class Faults:
    """Make the next calls of an operation fail with one of its modelled errors."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        #: True once a fault was injected (until :meth:`clear`): every request reads it, and
        #: only then looks for a fault to fire.
        self.armed = False

    def inject(self, operation: str, error_code: str, *, message: str | None = None,
               times: int = 1) -> Fault:
        """The next ``times`` calls of ``operation`` fail with ``error_code`` (status included).

        The code must be one of the operation's modelled errors in botocore's model, so the
        client sees an exception it can catch by name. Faults apply after input validation, in
        place of the operation's own outcome. Real Cognito always sends a message: errors whose
        text depends on the situation (NotAuthorizedException, ResourceNotFoundException, ...)
        have no default here and need ``message=``.
        """
        if operation not in _model.operation_names():
            raise ValueError(f"{operation!r} is not a cognito-idp operation")
        if error_code not in _model.modelled_errors(operation):
            allowed = ", ".join(sorted(_model.modelled_errors(operation)))
            raise ValueError(f"{error_code} is not a modelled error of {operation}; "
                             f"one of: {allowed}")
        if times < 1:
            raise ValueError("times must be at least 1")
        error = error_class(error_code)
        if message is None and error.default_message is None:
            raise ValueError(f"{error_code} has no single text in Cognito; pass the message "
                             f"the test expects: faults.inject({operation!r}, {error_code!r}, "
                             f"message=...)")
        fault = Fault(operation, error, message, times)
        self._faults.append(fault)
        self.armed = True
        return fault

    def take(self, operation: str) -> CognitoError | None:
        for fault in self._faults:
            if fault.operation == operation and fault.remaining > 0:
                fault.remaining -= 1
                fault.fired += 1
                return fault.error(fault.message)
        return None

    def pending(self) -> list[Fault]:
        return [f for f in self._faults if f.remaining > 0]

    def clear(self) -> None:
        self._faults.clear()
        self.armed = False


# -- Lambda triggers ---------------------------------------------------------------------------

LambdaHandler = Callable[[dict[str, Any], Any], Any]


class LambdaNotRegistered(AssertionError):
    """A pool's LambdaConfig names an ARN no Python handler stands in for."""


class Lambdas:
    """Python callables standing in for the Lambda functions a pool's LambdaConfig names."""

    def __init__(self) -> None:
        self._handlers: dict[str, LambdaHandler] = {}
        self.invocations: list[tuple[str, dict[str, Any]]] = []

    def register(self, arn: str, handler: LambdaHandler) -> LambdaHandler:
        """``handler(event, context)`` answers when a trigger invokes ``arn``."""
        if not callable(handler):
            raise TypeError("handler must be callable as handler(event, context)")
        self._handlers[arn] = handler
        return handler

    def handler(self, arn: str) -> LambdaHandler:
        try:
            return self._handlers[arn]
        except KeyError:
            raise LambdaNotRegistered(
                f"the user pool's LambdaConfig names {arn}, but no handler is registered for it: "
                f"call cognito_fake.lambdas.register({arn!r}, handler) with a function "
                f"handler(event, context) that returns the event"
            ) from None

    def __contains__(self, arn: object) -> bool:
        return arn in self._handlers


# -- calls -------------------------------------------------------------------------------------


@attrs.frozen
class Call:
    """One request the fake received: the operation, its parameters, and what it answered."""

    operation: str
    params: Mapping[str, Any]
    error: str | None  # the error code, or None on success


class Calls:
    """Every request, oldest first. Kept as plain ``(operation, params, error)`` tuples and
    made into :class:`Call` records when read: every request is recorded, few are read."""

    def __init__(self) -> None:
        self._calls: list[tuple[str, Mapping[str, Any], str | None]] = []

    def append(self, call: Call) -> None:
        self.record(call.operation, call.params, call.error)

    def record(self, operation: str, params: Mapping[str, Any], error: str | None) -> None:
        self._calls.append((operation, params, error))

    def __iter__(self) -> Iterator[Call]:
        return iter([Call(*c) for c in self._calls])

    def __len__(self) -> int:
        return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        return Call(*self._calls[index])

    def of(self, operation: str) -> list[Call]:
        """The calls of one operation, oldest first."""
        return [Call(*c) for c in self._calls if c[0] == operation]

    def clear(self) -> None:
        self._calls.clear()


# -- identifiers -------------------------------------------------------------------------------

_ALNUM = string.digits + string.ascii_letters
_BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


def _base32hex(n: int) -> str:
    out = []
    while n:
        n, r = divmod(n, 32)
        out.append(_BASE32HEX[r])
    return "".join(reversed(out)) or "0"


#: UUID v4: version 4 in bits 76-79, variant 0b10 in bits 62-63 (RFC 4122).
_UUID_KEEP = ~(0xF000 << 64) & ~(0xC000 << 48)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class Ids:
    """Identifiers and codes in AWS's formats, drawn from one seeded generator.

    The same seed and the same calls give the same ids, codes and passwords, so a failing test
    reproduces. Formats: reference cognito-errors.md §5 and defaults.md §2.3.
    """

    def __init__(self, seed: int | str | None) -> None:
        self._rng = random.Random(seed)

    @property
    def rng(self) -> random.Random:
        return self._rng

    def user_pool_id(self, region: str) -> str:
        """``{region}_{9 chars [0-9A-Za-z]}``."""
        return f"{region}_" + "".join(self._rng.choice(_ALNUM) for _ in range(9))

    def client_id(self) -> str:
        """A random 128-bit number in lower-case base32hex: 25-26 characters of ``0-9a-v``."""
        return _base32hex(self._rng.getrandbits(128))

    def client_secret(self) -> str:
        """A random 256-bit number in lower-case base32hex: 51-52 characters."""
        return _base32hex(self._rng.getrandbits(256)).rjust(51, "1")

    def uuid4(self) -> str:
        """A lower-case UUID v4 (``sub``, request ids)."""
        # The same value uuid.UUID(int=..., version=4) gives, formatted without the object.
        h = "%032x" % (self._rng.getrandbits(128) & _UUID_KEEP | _UUID_SET)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def code(self, digits: int = 6) -> str:
        # ``randrange(10 ** digits)`` spelled out (the same draws, so the same codes for a
        # seed): rejection sampling over ``getrandbits``, without randrange's Python frames.
        bound = 10 ** digits
        bits = bound.bit_length()
        draw = self._rng.getrandbits(bits)
        while draw >= bound:
            draw = self._rng.getrandbits(bits)
        return f"{draw:0{digits}d}"
