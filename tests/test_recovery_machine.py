"""A hypothesis state machine over the pure recovery core, checked against a model of its rules.

The machine keeps one user and drives ``forgot_password`` and ``confirm_forgot_password``
(``pytest_cognito_fake.flows.recovery``) with codes drawn by hypothesis: right, wrong, old and
used codes, weak and reused passwords, clock moves across the one-hour boundaries, policy and
recovery-setting changes, disabling and enabling the user, and calls for a user nobody has.

:class:`Model` is written from the module docstring of ``flows/recovery.py`` (the order of checks
and every choice) and ``flows/passwords.py`` (policy rules and history), with plain lists and
numbers; it never calls the code under test. After every step the answer (error code and message,
or success and the delivery details) and the stored user (password, history, status, outstanding
code, attempts in the window) must agree with the model.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import string
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pytest_cognito_fake._state import UserStatus
from pytest_cognito_fake.flows.messages import Delivery
from pytest_cognito_fake.flows.passwords import PasswordPolicy
from pytest_cognito_fake.flows.recovery import (
    ConfirmForgotPasswordRequest,
    ForgotPasswordRequest,
    Outcome,
    RecoveryClient,
    RecoveryPool,
    RecoveryUser,
    confirm_forgot_password,
    forgot_password,
)

HOUR = 3600.0
LIMIT_PER_HOUR = 5
START = 1_900_000_000.0
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
SECRET = "s3cr3t-of-the-app-client"
EMAIL = "zed@example.com"
FIRST_PASSWORD = "Passw0rd!"

# The answers, from ../shared/reference/cognito-errors.md §2.1 and §3.1.
Answer = tuple[str, str]
MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.")
EXPIRED = ("ExpiredCodeException", "Invalid code provided, please request a code again.")
LIMIT = ("LimitExceededException", "Attempt limit exceeded, please try after some time.")
NOT_FOUND = ("UserNotFoundException", "Username/client id combination not found.")
DISABLED = ("NotAuthorizedException", "User is disabled.")
NOT_CONFIRMED = ("UserNotConfirmedException", "User is not confirmed.")
CANNOT_RESET = ("NotAuthorizedException", "User password cannot be reset in the current state.")
ADMIN_ONLY = ("NotAuthorizedException", "Contact administrator to reset password.")
NO_CHANNEL = ("InvalidParameterException", "Cannot reset password for the user as there is no "
              "registered/verified email or phone_number")
HISTORY = ("PasswordHistoryPolicyViolationException",
           "The password you entered was used recently. Choose a different password.")
SECRET_MISSING = ("NotAuthorizedException",
                  f"Client {CLIENT_ID} is configured for secret but secret was not received")
SECRET_WRONG = ("NotAuthorizedException", f"Unable to verify secret hash for client {CLIENT_ID}")
RULES = {
    "length": "Password not long enough",
    "lowercase": "Password must have lowercase characters",
    "uppercase": "Password must have uppercase characters",
    "numbers": "Password must have numeric characters",
    "symbols": "Password must have symbol characters",
}
#: The Developer Guide's password symbols (space included); other characters are neither.
SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
CLASSES = {
    "lowercase": string.ascii_lowercase,
    "uppercase": string.ascii_uppercase,
    "numbers": string.digits,
    "symbols": "!#%-_=+",
}
#: How a pool says where reset codes go; the user has a verified email and no phone.
RECOVERY_SETTINGS: dict[str, dict[str, Any] | None] = {
    "legacy": None,
    "email": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    "phone": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]},
    "admin_only": {"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
}
SIMULATED = re.compile(r"[a-z]\*\*\*@[a-z]\*\*\*")

codes = st.integers(0, 999_999).map(lambda n: f"{n:06d}")
#: Mostly the right hash, so that calls get past the first check.
secret_choices = st.sampled_from(("right",) * 6 + ("missing", "wrong"))
rule_names = st.sampled_from(tuple(RULES))


def error_policy(rule: str) -> Answer:
    return ("InvalidPasswordException", f"Password does not conform to policy: {RULES[rule]}")


def hash_for(username: str) -> str:
    mac = hmac.new(SECRET.encode(), (username + CLIENT_ID).encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


@attrs.define
class Expected:
    """What the model says a call answers: an error, or success (with ForgotPassword's details,
    ``simulated`` when they must be a stable made-up destination)."""

    error: Answer | None = None
    details: dict[str, str] | None = None
    simulated: bool = False


@attrs.define
class Model:
    """The rules, as plain state. Times are epoch seconds; ``attempts`` holds the instants of
    counted attempts (the model forgets any older than an hour when it counts a new one)."""

    now: float
    status: str
    hidden: bool  # PreventUserExistenceErrors=ENABLED
    secret: str | None
    minimum_length: int = 8
    required: dict[str, bool] = attrs.field(factory=lambda: dict.fromkeys(CLASSES, True))
    history_size: int = 0
    recovery: str = "legacy"
    enabled: bool = True
    password: str | None = FIRST_PASSWORD
    history: list[str] = attrs.field(factory=list)
    code: tuple[str, float] | None = None
    attempts: list[float] = attrs.field(factory=list)
    #: Codes that were outstanding once and are not any more (superseded or used).
    old_codes: list[str] = attrs.field(factory=list)
    #: Every password the user has had, for reuse attempts.
    passwords: list[str] = attrs.field(factory=lambda: [FIRST_PASSWORD])

    def in_window(self) -> list[float]:
        return [t for t in self.attempts if self.now - t < HOUR]

    def count_attempt(self) -> None:
        self.attempts = [*self.in_window(), self.now]

    def secret_problem(self, choice: str) -> Answer | None:
        if self.secret is None or choice == "right":
            return None
        return SECRET_MISSING if choice == "missing" else SECRET_WRONG

    def broken_rule(self, password: str) -> str | None:
        """Length, then lowercase, uppercase, numbers, symbols (flows/passwords.py)."""
        if len(password) < self.minimum_length:
            return "length"
        tests: dict[str, Callable[[str], bool]] = {
            "lowercase": lambda c: "a" <= c <= "z",
            "uppercase": lambda c: "A" <= c <= "Z",
            "numbers": lambda c: "0" <= c <= "9",
            "symbols": lambda c: c in SYMBOLS,
        }
        for name, test in tests.items():
            if self.required[name] and not any(test(c) for c in password):
                return name
        return None

    def forgot(self, secret: str, new_code: str, *, known: bool = True) -> Expected:
        problem = self.secret_problem(secret)
        if problem:
            return Expected(problem)
        if not known or not self.enabled:
            return Expected(simulated=True) if self.hidden else Expected(NOT_FOUND)
        if len(self.in_window()) >= LIMIT_PER_HOUR:
            return Expected(LIMIT)
        self.count_attempt()  # from here on the request counts, whatever follows
        if self.status == UserStatus.FORCE_CHANGE_PASSWORD:
            return Expected(CANNOT_RESET)
        if self.recovery == "admin_only":
            return Expected(ADMIN_ONLY)
        if self.recovery == "phone":  # the user has no verified phone number
            return Expected(simulated=True) if self.hidden else Expected(NO_CHANNEL)
        if self.status == UserStatus.UNCONFIRMED:
            return Expected(NOT_CONFIRMED)
        if self.code is not None:
            self.old_codes.append(self.code[0])
        self.code = (new_code, self.now)
        return Expected(details={"Destination": "z***@e***", "DeliveryMedium": "EMAIL",
                                 "AttributeName": "email"})

    def confirm(self, secret: str, code: str, password: str, *, known: bool = True) -> Expected:
        problem = self.secret_problem(secret)
        if problem:
            return Expected(problem)
        if not known:
            return Expected(MISMATCH if self.hidden else NOT_FOUND)
        if not self.enabled:
            return Expected(MISMATCH if self.hidden else DISABLED)
        if len(self.in_window()) >= LIMIT_PER_HOUR:
            return Expected(LIMIT)
        if self.status == UserStatus.UNCONFIRMED:
            return Expected(NOT_CONFIRMED)
        if self.code is None or self.now - self.code[1] >= HOUR:
            self.count_attempt()
            return Expected(EXPIRED)
        if code != self.code[0]:
            self.count_attempt()
            return Expected(MISMATCH)
        rule = self.broken_rule(password)
        if rule is not None:
            return Expected(error_policy(rule))
        recent = ([self.password] if self.password is not None else []) + self.history
        if self.history_size > 0 and password in recent[:self.history_size]:
            return Expected(HISTORY)
        # Success. The history keeps only what the policy in force can ask about
        # (flows/passwords.py pushed_history).
        self.history = recent[:max(self.history_size - 1, 0)]
        self.password = password
        self.passwords.append(password)
        self.status = UserStatus.CONFIRMED
        self.old_codes.append(self.code[0])
        self.code = None
        self.attempts = []
        return Expected()


@st.composite
def passwords(draw: st.DrawFn, minimum_length: int, broken: str | None = None) -> str:
    """A password with every character class and at least ``minimum_length`` characters, except
    for the ``broken`` rule (which breaks the pool policy only if the pool asks for it)."""
    kept = [name for name in CLASSES if name != broken]
    chars = [draw(st.sampled_from(CLASSES[name])) for name in kept]
    alphabet = "".join(CLASSES[name] for name in kept)
    if broken == "length":
        # Every class present, one character short (MinimumLength >= 6 leaves room).
        total = minimum_length - 1
    else:
        total = max(minimum_length, len(chars)) + draw(st.integers(0, 4))
    chars += draw(st.lists(st.sampled_from(alphabet), min_size=total - len(chars),
                           max_size=total - len(chars)))
    return "".join(draw(st.permutations(chars)))


class RecoveryMachine(RuleBasedStateMachine):
    """Implementation (frozen records) and :class:`Model`, side by side."""

    model: Model
    user: RecoveryUser

    @initialize(
        # FORCE_CHANGE_PASSWORD and UNCONFIRMED users can never reset: fewer of them.
        status=st.sampled_from([UserStatus.CONFIRMED] * 3 + [UserStatus.RESET_REQUIRED] * 2
                               + [UserStatus.FORCE_CHANGE_PASSWORD, UserStatus.UNCONFIRMED]),
        hidden=st.booleans(),
        secret=st.sampled_from([None, SECRET]),
    )
    def start(self, status: str, hidden: bool, secret: str | None) -> None:
        self.model = Model(now=START, status=status, hidden=hidden, secret=secret)
        self.user = RecoveryUser("zed", status=status,
                                 attributes={"email": EMAIL, "email_verified": "true"},
                                 password=FIRST_PASSWORD)
        self.simulated: dict[str, dict[str, str]] = {}

    # -- the implementation's inputs, from the model's settings ---------------------------------

    def pool(self) -> RecoveryPool:
        m = self.model
        policy = PasswordPolicy(
            minimum_length=m.minimum_length, require_uppercase=m.required["uppercase"],
            require_lowercase=m.required["lowercase"], require_numbers=m.required["numbers"],
            require_symbols=m.required["symbols"])
        return RecoveryPool(policy, m.history_size, RECOVERY_SETTINGS[m.recovery])

    def client(self) -> RecoveryClient:
        return RecoveryClient(CLIENT_ID, self.model.secret, self.model.hidden)

    def secret_hash(self, choice: str, username: str) -> str | None:
        return {"right": hash_for(username), "missing": None,
                "wrong": hash_for(username + "x")}[choice]

    # -- comparing ------------------------------------------------------------------------------

    def check(self, outcome: Outcome, expected: Expected, username: str = "zed") -> None:
        got = None if outcome.error is None else (outcome.error.code, outcome.error.message)
        assert got == expected.error, f"core answered {got}, the model says {expected.error}"
        if outcome.error is not None:
            assert outcome.error.status == 400
            assert outcome.delivery is None and outcome.details is None
        elif expected.simulated:
            assert outcome.delivery is None and outcome.details is not None
            details = dict(outcome.details)
            assert (details["DeliveryMedium"], details["AttributeName"]) == ("EMAIL", "email")
            assert SIMULATED.fullmatch(details["Destination"]), details
            # The same made-up destination every time for the same name.
            assert self.simulated.setdefault(username, details) == details
        elif expected.details is not None:
            assert outcome.details == expected.details
            assert outcome.delivery == Delivery("EMAIL", "email", EMAIL)
        else:
            assert outcome.delivery is None and outcome.details is None
        if outcome.user is not None:
            assert username == "zed", "a call for an unknown user stored a user"
            self.user = outcome.user

    def forgot(self, secret: str, new_code: str, username: str = "zed") -> None:
        known = username == "zed"
        outcome = forgot_password(
            self.pool(), self.client(), self.user if known else None,
            ForgotPasswordRequest(username, self.secret_hash(secret, username)),
            now=self.model.now, new_code=new_code)
        self.check(outcome, self.model.forgot(secret, new_code, known=known), username)

    def confirm(self, secret: str, code: str, password: str, username: str = "zed") -> None:
        known = username == "zed"
        outcome = confirm_forgot_password(
            self.pool(), self.client(), self.user if known else None,
            ConfirmForgotPasswordRequest(username, code, password,
                                         self.secret_hash(secret, username)),
            now=self.model.now)
        self.check(outcome, self.model.confirm(secret, code, password, known=known), username)

    def outstanding(self) -> str | None:
        return None if self.model.code is None else self.model.code[0]

    # -- rules ------------------------------------------------------------------------------------

    @rule(code=codes, secret=secret_choices)
    def request_code(self, code: str, secret: str) -> None:
        self.forgot(secret, code)

    @precondition(lambda self: self.model.code is not None)
    @rule(data=st.data(), secret=secret_choices)
    def confirm_with_the_right_code(self, data: st.DataObject, secret: str) -> None:
        code = self.outstanding()
        assert code is not None
        self.confirm(secret, code, data.draw(passwords(self.model.minimum_length)))

    @rule(data=st.data(), code=codes)
    def confirm_with_a_wrong_code(self, data: st.DataObject, code: str) -> None:
        if code == self.outstanding():
            code = f"{(int(code) + 1) % 1_000_000:06d}"
        self.confirm("right", code, data.draw(passwords(self.model.minimum_length)))

    @precondition(lambda self: self.model.old_codes)
    @rule(data=st.data())
    def confirm_with_an_old_code(self, data: st.DataObject) -> None:
        # An old code may equal the outstanding one by chance; the model then expects success.
        code = data.draw(st.sampled_from(self.model.old_codes))
        self.confirm("right", code, data.draw(passwords(self.model.minimum_length)))

    @precondition(lambda self: self.model.code is not None)
    @rule(data=st.data(), broken=rule_names)
    def confirm_with_a_weak_password(self, data: st.DataObject, broken: str) -> None:
        code = self.outstanding()
        assert code is not None
        password = data.draw(passwords(self.model.minimum_length, broken))
        # The password breaks the rule it was built to break, and no earlier one.
        expected = broken if broken == "length" or self.model.required[broken] else None
        assert self.model.broken_rule(password) == expected
        self.confirm("right", code, password)

    @precondition(lambda self: len(self.model.passwords) > 1 or self.model.history_size > 0)
    @rule(data=st.data())
    def confirm_with_an_earlier_password(self, data: st.DataObject) -> None:
        password = data.draw(st.sampled_from(self.model.passwords))
        self.confirm("right", self.outstanding() or data.draw(codes), password)

    @rule(data=st.data(), forgot=st.booleans(), secret=secret_choices)
    def call_for_an_unknown_user(self, data: st.DataObject, forgot: bool, secret: str) -> None:
        if forgot:
            self.forgot(secret, data.draw(codes), username="nobody")
        else:
            password = data.draw(passwords(self.model.minimum_length))
            self.confirm(secret, data.draw(codes), password, username="nobody")

    @rule(seconds=st.one_of(st.integers(1, 900), st.sampled_from([1799, 3599, 3600, 3601])))
    def advance_the_clock(self, seconds: int) -> None:
        self.model.now += seconds

    @rule(data=st.data(), offset=st.sampled_from([-1.0, -0.001, 0.0, 0.001, 1.0]))
    def advance_to_an_hour_boundary(self, data: st.DataObject, offset: float) -> None:
        """To just before, at or just after the instant the code expires or the oldest counted
        attempt leaves the window."""
        boundaries = [t + HOUR for t in self.model.in_window()]
        if self.model.code is not None:
            boundaries.append(self.model.code[1] + HOUR)
        ahead = [b + offset for b in boundaries if b + offset > self.model.now]
        if ahead:
            self.model.now = data.draw(st.sampled_from(sorted(ahead)))

    @rule(minimum_length=st.integers(6, 12), required=st.tuples(*[st.booleans()] * 4),
          history_size=st.sampled_from([0, 0, 1, 2, 3]))
    def change_the_policy(self, minimum_length: int, required: tuple[bool, ...],
                          history_size: int) -> None:
        self.model.minimum_length = minimum_length
        self.model.required = dict(zip(CLASSES, required, strict=True))
        self.model.history_size = history_size

    @rule(history_size=st.integers(0, 3))
    def toggle_the_password_history(self, history_size: int) -> None:
        self.model.history_size = history_size

    # Settings that deliver are likelier, so that codes go out.
    @rule(setting=st.sampled_from(["legacy", "legacy", "email", "email", "phone", "admin_only"]))
    def change_the_recovery_setting(self, setting: str) -> None:
        self.model.recovery = setting

    @rule(enabled=st.sampled_from([True, True, False]))
    def disable_or_enable_the_user(self, enabled: bool) -> None:
        self.model.enabled = enabled
        self.user = attrs.evolve(self.user, enabled=enabled)

    # -- after every step -------------------------------------------------------------------------

    @invariant()
    def the_stored_user_matches_the_model(self) -> None:
        m, user = self.model, self.user
        assert (user.password, list(user.history), user.status, user.enabled) == (
            m.password, m.history, m.status, m.enabled)
        outstanding = None if user.code is None else (user.code.code, user.code.issued_at)
        assert outstanding == m.code
        assert len(user.attempts.within(m.now).at) == len(m.in_window())

    @invariant()
    def at_most_five_attempts_in_the_window(self) -> None:
        assert len(self.user.attempts.within(self.model.now).at) <= LIMIT_PER_HOUR


RecoveryMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=35,
                                             deadline=None)
TestRecoveryMachine = RecoveryMachine.TestCase
