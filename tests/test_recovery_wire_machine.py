"""The wire matches the pure core: a state machine driving ForgotPassword and
ConfirmForgotPassword through boto3, with a smaller budget than the one over the core alone.

Each example gets its own fake (``mock_cognito``), a pool seeded with one user and one app client,
and a frozen clock. Beside it the machine keeps the same user as the pure core's frozen record.
Every step sends the request through a real boto3 client, reads the code the fake sent from the
outbox, asks ``flows.recovery`` what it decides for the same inputs at the same instant, and
checks that the wire answered exactly that (code, message, HTTP status, or the
``CodeDeliveryDetails``), and that the user the fake stored is the one the core returned.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from typing import Any

import attrs
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pytest_cognito_fake import CognitoFake, mock_cognito
from pytest_cognito_fake._state import User, UserStatus
from pytest_cognito_fake.flows import messages
from pytest_cognito_fake.flows.attempts import Attempts
from pytest_cognito_fake.flows.messages import IssuedCode
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
from pytest_cognito_fake.operations.recovery import ATTEMPTS
from tests.test_recovery_machine import CLASSES, passwords

START = 1_900_000_000.0
EMAIL = "zed@example.com"
FIRST_PASSWORD = "Passw0rd!"
RECOVERY_SETTINGS: dict[str, dict[str, Any]] = {
    "email": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    "phone": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_phone_number"}]},
    "admin_only": {"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
}
codes = st.integers(0, 999_999).map(lambda n: f"{n:06d}")
secret_choices = st.sampled_from(("right",) * 8 + ("missing", "wrong"))
rule_names = st.sampled_from(("length", *CLASSES))
call_kinds = st.sampled_from(["request"] * 4 + ["right"] * 3 + ["wrong", "old", "weak", "weak",
                                                              "earlier", "earlier", "unknown"])

Wire = tuple[str, str, int] | dict[str, Any]


@functools.cache
def cognito_idp() -> Any:
    """One boto3 client for every example (making one costs more than a whole example's
    calls); each example's fake answers it while active. Retries off: an error is answered
    once, as sent."""
    return boto3.client("cognito-idp", region_name="us-east-1",
                        config=Config(retries={"total_max_attempts": 1}))


class WireMachine(RuleBasedStateMachine):
    """The fake behind boto3, and the pure core's view of the same user."""

    def __init__(self) -> None:
        super().__init__()
        self._mock = mock_cognito()
        self.fake: CognitoFake = self._mock.__enter__()
        self.fake.clock.freeze(START)
        self.idp = cognito_idp()
        self.old_codes: list[str] = []
        #: Every password the user has had, oldest first.
        self.passwords: list[str] = [FIRST_PASSWORD]

    def teardown(self) -> None:
        self._mock.__exit__(None, None, None)

    @initialize(
        # Users who can never reset are fewer: the budget is small.
        status=st.sampled_from([UserStatus.CONFIRMED] * 4 + [UserStatus.RESET_REQUIRED] * 2
                               + [UserStatus.FORCE_CHANGE_PASSWORD, UserStatus.UNCONFIRMED]),
        hidden=st.booleans(),
        with_secret=st.booleans(),
    )
    def seed(self, status: str, hidden: bool, with_secret: bool) -> None:
        client: dict[str, Any] = {"ClientName": "web", "GenerateSecret": with_secret}
        if hidden:
            client["PreventUserExistenceErrors"] = "ENABLED"
        (seeded,) = self.fake.seed({"user_pools": [{
            "PoolName": "shop",
            "AccountRecoverySetting": RECOVERY_SETTINGS["email"],
            "clients": [client],
            "users": [{"Username": "zed", "Password": FIRST_PASSWORD, "UserStatus": status,
                       "Attributes": {"email": EMAIL, "email_verified": "true"}}],
        }]})
        self.pool_id: str = seeded.user_pool_id
        self.client_id: str = seeded.client_id
        self.secret: str | None = seeded.client_secrets.get("web")
        # The core's inputs, written from what was seeded (a name-only pool's policy).
        self.pool = RecoveryPool(PasswordPolicy(), 0, RECOVERY_SETTINGS["email"])
        self.client = RecoveryClient(self.client_id, self.secret, hidden)
        self.user = RecoveryUser("zed", status=status,
                                 attributes={"email": EMAIL, "email_verified": "true"},
                                 password=FIRST_PASSWORD)

    # -- helpers ----------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        return self.fake.clock.now()

    def stored(self) -> User:
        user = self.fake.backend.store.pools[self.pool_id].find_user("zed")
        assert user is not None
        return user

    def secret_hash(self, choice: str, username: str) -> str | None:
        if choice == "missing" or self.secret is None:
            return None
        key = self.secret if choice == "right" else self.secret + "x"
        mac = hmac.new(key.encode(), (username + self.client_id).encode(), hashlib.sha256)
        return base64.b64encode(mac.digest()).decode()

    def send(self, call: Any, **params: Any) -> Wire:
        try:
            response: dict[str, Any] = call(**{k: v for k, v in params.items()
                                               if v is not None})
        except ClientError as exc:
            error: Any = exc.response
            return (error["Error"]["Code"], error["Error"]["Message"],
                    error["ResponseMetadata"]["HTTPStatusCode"])
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        response.pop("ResponseMetadata")
        return response

    def agree(self, wire: Wire, outcome: Outcome, known: bool) -> None:
        if outcome.error is not None:
            core: Wire = (outcome.error.code, outcome.error.message or "", outcome.error.status)
        elif outcome.details is not None:
            core = {"CodeDeliveryDetails": dict(outcome.details)}
        else:
            core = {}
        assert wire == core, f"the wire answered {wire}, the core decided {core}"
        if outcome.user is not None:
            assert known, "the core stored a user for a call about nobody"
            self.user = outcome.user

    def outstanding(self) -> str | None:
        return None if self.user.code is None else self.user.code.code

    def forgot(self, secret: str, username: str = "zed") -> None:
        sent = len(self.fake.outbox)
        wire = self.send(self.idp.forgot_password, ClientId=self.client_id, Username=username,
                         SecretHash=self.secret_hash(secret, username))
        new = list(self.fake.outbox)[sent:]
        assert len(new) <= 1
        if new:
            message = new[0]
            assert (message.kind, message.medium, message.to, message.username) == (
                "forgot_password", "EMAIL", EMAIL, "zed")
            assert message.code is not None and message.code in message.body
        known = username == "zed"
        old = self.outstanding()
        outcome = forgot_password(
            self.pool, self.client, self.user if known else None,
            ForgotPasswordRequest(username, self.secret_hash(secret, username)),
            now=self.now, new_code=new[0].code if new and new[0].code else "no code sent")
        # A code goes out exactly when the core issues one.
        issued = outcome.user is not None and outcome.user.code is not None \
            and outcome.user.code.issued_at == self.now and outcome.delivery is not None
        assert bool(new) == issued
        self.agree(wire, outcome, known)
        if issued and old is not None:
            self.old_codes.append(old)

    def confirm(self, secret: str, code: str, password: str, username: str = "zed") -> None:
        wire = self.send(self.idp.confirm_forgot_password, ClientId=self.client_id,
                         Username=username, ConfirmationCode=code, Password=password,
                         SecretHash=self.secret_hash(secret, username))
        known = username == "zed"
        old = self.outstanding()
        outcome = confirm_forgot_password(
            self.pool, self.client, self.user if known else None,
            ConfirmForgotPasswordRequest(username, code, password,
                                         self.secret_hash(secret, username)),
            now=self.now)
        self.agree(wire, outcome, known)
        if outcome.ok and old is not None:
            self.old_codes.append(old)
            self.passwords.append(password)

    def update_pool(self, pool: RecoveryPool) -> None:
        policy = pool.policy
        self.idp.update_user_pool(
            UserPoolId=self.pool_id,
            Policies={"PasswordPolicy": {
                "MinimumLength": policy.minimum_length,
                "RequireUppercase": policy.require_uppercase,
                "RequireLowercase": policy.require_lowercase,
                "RequireNumbers": policy.require_numbers,
                "RequireSymbols": policy.require_symbols,
                "PasswordHistorySize": pool.password_history_size,
            }},
            AccountRecoverySetting=pool.account_recovery,
        )
        self.pool = pool

    # -- rules ------------------------------------------------------------------------------------
    # Three rules with weighted kinds, so that the small budget still reaches every branch:
    # hypothesis may switch whole rules off for an example, never a kind inside one.

    @rule(data=st.data(), kind=call_kinds, secret=secret_choices)
    def call(self, data: st.DataObject, kind: str, secret: str) -> None:
        """``request``: ForgotPassword; ``right``: the outstanding code; ``wrong``: any other
        code; ``old``: a code outstanding once; ``weak``: the right code and a password built to
        break one policy rule; ``earlier``: the right code and a password the user has had
        (the current one included); ``unknown``: either call for a user nobody has."""
        if kind == "request":
            self.forgot(secret)
            return
        if kind == "unknown" and data.draw(st.booleans()):
            self.forgot(secret, "nobody")
            return
        minimum = self.pool.policy.minimum_length
        code = self.outstanding()
        if kind == "old" and self.old_codes:
            code = data.draw(st.sampled_from(self.old_codes))
        elif kind in ("wrong", "unknown") or code is None:
            drawn = data.draw(codes)
            code = drawn if drawn != code else f"{(int(drawn) + 1) % 1_000_000:06d}"
        if kind == "weak":
            password = data.draw(passwords(minimum, data.draw(rule_names)))
        elif kind == "earlier":
            password = data.draw(st.sampled_from(self.passwords))
        else:
            password = data.draw(passwords(minimum))
        self.confirm(secret, code, password, "nobody" if kind == "unknown" else "zed")

    @rule(data=st.data(), seconds=st.sampled_from([1, 60, 900, 1800, 3599, 3600, 3601, 0, 0]))
    def move_the_clock(self, data: st.DataObject, seconds: int) -> None:
        """By ``seconds``; 0 stands for "to an hour boundary": just before, at or just after the
        instant the code expires or a counted attempt leaves the window."""
        if seconds:
            self.fake.clock.advance(seconds)
            return
        boundaries = [t + 3600 for t in self.user.attempts.within(self.now).at]
        if self.user.code is not None:
            boundaries.append(self.user.code.issued_at + 3600)
        offset = data.draw(st.sampled_from([-1, 0, 1]))
        ahead = sorted(b + offset for b in boundaries if b + offset > self.now)
        if ahead:
            self.fake.clock.freeze(data.draw(st.sampled_from(ahead)))

    @rule(data=st.data(), kind=st.sampled_from(["pool", "pool", "disable", "enable"]))
    def administer(self, data: st.DataObject, kind: str) -> None:
        """UpdateUserPool with a new password policy (history size included) and recovery
        setting, or AdminDisableUser / AdminEnableUser."""
        if kind == "pool":
            upper, lower, numbers, symbols = data.draw(st.tuples(*[st.booleans()] * 4))
            recovery = data.draw(st.sampled_from(["email"] * 4 + ["phone", "admin_only"]))
            self.update_pool(RecoveryPool(
                PasswordPolicy(data.draw(st.integers(6, 12)), upper, lower, numbers, symbols),
                data.draw(st.integers(0, 3)), RECOVERY_SETTINGS[recovery]))
            return
        call = self.idp.admin_enable_user if kind == "enable" else self.idp.admin_disable_user
        call(UserPoolId=self.pool_id, Username="zed")
        self.user = attrs.evolve(self.user, enabled=kind == "enable")

    # -- after every step -------------------------------------------------------------------------

    @invariant()
    def the_fake_stored_what_the_core_returned(self) -> None:
        stored, user = self.stored(), self.user
        assert (stored.password, tuple(stored.password_history), stored.status,
                stored.enabled) == (user.password, user.history, user.status, user.enabled)
        code = stored.codes.get(messages.FORGOT_PASSWORD)
        assert code == user.code and (code is None or isinstance(code, IssuedCode))
        attempts = stored.codes.get(ATTEMPTS, Attempts())
        assert attempts.within(self.now) == user.attempts.within(self.now)


WireMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=25,
                                         deadline=None)
TestWireMachine = WireMachine.TestCase


# -- divergences the machine found --------------------------------------------------------------


@mock_cognito
def test_setting_the_same_password_again_keeps_the_core_s_history(
        cognito_fake: CognitoFake) -> None:
    idp = cognito_idp()
    (seeded,) = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8, "PasswordHistorySize": 3}},
        "clients": [{"ClientName": "web"}],
        "users": [{"Username": "zed", "Password": "first-pw",
                   "Attributes": {"email": EMAIL, "email_verified": "true"}}],
    }]})

    def history(size: int) -> None:
        idp.update_user_pool(UserPoolId=seeded.user_pool_id, Policies={"PasswordPolicy": {
            "MinimumLength": 8, "PasswordHistorySize": size}})

    def reset(password: str) -> None:
        idp.forgot_password(ClientId=seeded.client_id, Username="zed")
        idp.confirm_forgot_password(ClientId=seeded.client_id, Username="zed",
                                    ConfirmationCode=cognito_fake.outbox.last().code,
                                    Password=password)

    reset("second-pw")  # history: first-pw
    history(0)
    reset("second-pw")  # allowed with the history off; the core keeps no history then
    user = cognito_fake.backend.store.pools[seeded.user_pool_id].find_user("zed")
    assert user is not None
    core = confirm_forgot_password(
        RecoveryPool(PasswordPolicy(8, False, False, False, False), 0),
        RecoveryClient(seeded.client_id),
        RecoveryUser("zed", password="second-pw", history=("first-pw",),
                     code=IssuedCode("123456", 0.0)),
        ConfirmForgotPasswordRequest("zed", "123456", "second-pw"), now=1.0)
    assert core.user is not None and core.user.history == ()
    assert user.password_history == list(core.user.history)  # actual: ["first-pw"]
    history(3)
    reset("first-pw")  # the core allows it; the wire answers PasswordHistoryPolicyViolation
