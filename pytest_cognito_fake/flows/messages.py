"""Messages Cognito sends: where they go, what they say, and how a destination is masked.

Pure: templates and attributes in, texts and destinations out. The operation appends the
:class:`~pytest_cognito_fake._services.Message` to the outbox.

Facts (reference defaults.md §3, §5.3, §6):

- Placeholders: ``{####}`` is the code or the temporary password; ``{username}`` is filled in
  invitations only [AWS-DOC]. An invitation template without ``{####}`` is not delivered
  [AWS-DOC model AdminCreateUser]; neither is a code message whose template lacks it [INF].
- A pool without templates sends the built-in texts of ``_defaults.BUILT_IN_MESSAGES``; a
  template member that is set replaces only its own part (subject or body) [INF].
- Password-reset and attribute-verification messages use the pool's code template
  (``VerificationMessageTemplate``), whatever ``DefaultEmailOption`` says [AWS-DOC DG].
- Invitation delivery: ``DesiredDeliveryMediums`` defaults to SMS [AWS-DOC]. When the request
  names no medium, a user without a phone number gets no message and no error [REAL moto
  aws_verified, no email or phone]; that the default does not fall back to email is [INF]. A
  medium the request names explicitly needs its attribute: ``No email provided but desired
  delivery medium was Email`` [REAL]; the SMS analogue is [INF]. Each medium named gets one
  message.
- Recovery (AdminResetUserPassword, ForgotPassword): the first mechanism of
  ``AccountRecoverySetting`` by priority whose attribute is set and verified; ``admin_only``
  never delivers. A pool with no setting uses the legacy order, SMS before email [AWS-DOC model].
- Masking: an email keeps the first character of the local part and of the domain
  (``t***@t***``, TLD dropped) [REAL]; a phone number keeps ``+`` and its last four digits, one
  ``*`` per other digit (``+********4114``) [REAL].
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from pytest_cognito_fake._defaults import BUILT_IN_MESSAGES
from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.flows import usernames

EMAIL = "EMAIL"
SMS = "SMS"
CODE_PLACEHOLDER = "{####}"
USERNAME_PLACEHOLDER = "{username}"

#: The order a pool without ``AccountRecoverySetting`` recovers in [AWS-DOC model].
LEGACY_RECOVERY: tuple[dict[str, Any], ...] = (
    {"Priority": 1, "Name": "verified_phone_number"},
    {"Priority": 2, "Name": "verified_email"},
)


@attrs.frozen
class Delivery:
    """Where one message goes: ``medium`` (EMAIL/SMS), the attribute it came from, the address."""

    medium: str
    attribute: str
    to: str

    def details(self) -> dict[str, str]:
        """``CodeDeliveryDetailsType`` for this delivery."""
        return {"Destination": mask_destination(self.medium, self.to),
                "DeliveryMedium": self.medium, "AttributeName": self.attribute}


@attrs.frozen
class Text:
    """A rendered message: ``subject`` is None for SMS."""

    subject: str | None
    body: str


def mask_destination(medium: str, value: str) -> str:
    """``CodeDeliveryDetails.Destination``: ``t***@t***`` or ``+********4114``."""
    if medium == EMAIL:
        local, at, domain = value.partition("@")
        if not at:
            return f"{local[:1]}***"
        return f"{local[:1]}***@{domain[:1]}***"
    if medium == SMS:
        digits = value[1:] if value.startswith("+") else value
        hidden = max(len(digits) - 4, 0)
        return "+" + "*" * hidden + digits[hidden:]
    raise ValueError(f"no such delivery medium: {medium!r}")


def _fill(template: str, code: str, username: str | None) -> str:
    text = template.replace(CODE_PLACEHOLDER, code)
    if username is not None:
        text = text.replace(USERNAME_PLACEHOLDER, username)
    return text


def fill(template: Text, medium: str, *, code: str, username: str | None = None) -> Text | None:
    """The message as sent: placeholders replaced; None when the body has no ``{####}``."""
    if CODE_PLACEHOLDER not in template.body:
        return None
    return Text(None if medium == SMS else _fill(template.subject or "", code, username),
                _fill(template.body, code, username))


def invitation_template(template: Mapping[str, Any] | None, medium: str) -> Text:
    """The AdminCreateUser invitation before placeholders are filled, from
    ``AdminCreateUserConfig.InviteMessageTemplate`` (``SMSMessage``, ``EmailMessage``,
    ``EmailSubject``) or the built-in texts."""
    template = template or {}
    built_in = BUILT_IN_MESSAGES["invitation"]
    if medium == SMS:
        return Text(None, template.get("SMSMessage") or built_in["sms"])
    return Text(template.get("EmailSubject") or built_in["subject"],
                template.get("EmailMessage") or built_in["email"])


def code_template(template: Mapping[str, Any] | None, medium: str, *, built_in: str) -> Text:
    """A code message before the code is filled in, from ``VerificationMessageTemplate``
    (``SmsMessage``, ``EmailMessage``, ``EmailSubject``), else the built-in texts ``built_in``
    names (``"verification"``, ``"forgot_password"``)."""
    template = template or {}
    texts = BUILT_IN_MESSAGES[built_in]
    if medium == SMS:
        return Text(None, template.get("SmsMessage") or texts["sms"])
    return Text(template.get("EmailSubject") or texts["subject"],
                template.get("EmailMessage") or texts["email"])


def invitation_text(template: Mapping[str, Any] | None, medium: str, *, code: str,
                    username: str) -> Text | None:
    """The invitation as sent; None when the template has no ``{####}``."""
    return fill(invitation_template(template, medium), medium, code=code, username=username)


def code_text(template: Mapping[str, Any] | None, medium: str, *, code: str,
              built_in: str) -> Text | None:
    """A code message as sent; None when the template has no ``{####}``."""
    return fill(code_template(template, medium, built_in=built_in), medium, code=code)


def invitation_deliveries(desired: Sequence[str] | None,
                          attributes: Mapping[str, str]) -> list[Delivery]:
    """Where AdminCreateUser sends the invitation, or the error for a named medium with no
    address. ``desired`` is ``DesiredDeliveryMediums`` as given (None: not given)."""
    email, phone = attributes.get("email"), attributes.get("phone_number")
    if desired is None:
        return [Delivery(SMS, "phone_number", phone)] if phone else []
    out: list[Delivery] = []
    for medium in dict.fromkeys(desired):
        if medium == EMAIL:
            if not email:
                raise InvalidParameterException.no_email_for_medium()
            out.append(Delivery(EMAIL, "email", email))
        elif medium == SMS:
            if not phone:
                raise InvalidParameterException.no_phone_for_medium()
            out.append(Delivery(SMS, "phone_number", phone))
    return out


def recovery_order(setting: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The names of ``AccountRecoverySetting``'s mechanisms, by priority (the legacy order when
    the pool has none)."""
    mechanisms = (setting or {}).get("RecoveryMechanisms") or LEGACY_RECOVERY
    return tuple(str(m.get("Name")) for m in
                 sorted(mechanisms, key=lambda m: int(m.get("Priority", 0))))


def delivery_by(order: Sequence[str], attributes: Mapping[str, str]) -> Delivery | None:
    """The first verified channel in ``order`` (:func:`recovery_order`), or None."""
    for name in order:
        if name == "verified_email":
            email = attributes.get("email")
            if email and attributes.get("email_verified") == "true":
                return Delivery(EMAIL, "email", email)
        elif name == "verified_phone_number":
            phone = attributes.get("phone_number")
            if phone and attributes.get("phone_number_verified") == "true":
                return Delivery(SMS, "phone_number", phone)
    return None


def recovery_delivery(setting: Mapping[str, Any] | None,
                      attributes: Mapping[str, str]) -> Delivery | None:
    """Where a password-reset code goes, or None when the user has no verified channel."""
    return delivery_by(recovery_order(setting), attributes)


def simulated_delivery(username: str, channels: Sequence[str]) -> Delivery:
    """The delivery a client with ``PreventUserExistenceErrors=ENABLED`` reports for a user who
    will get nothing.

    "The simulated delivery medium is determined by the input user name format and verification
    settings of the user pool" [AWS-DOC]. ``channels`` are the attributes the pool would send to,
    most preferred first. An email- or phone-shaped username masks as itself when its attribute
    is a channel; any other name gets the first channel's medium and an address derived from a
    hash of the name, so the answer is stable per username and reveals nothing [INF].
    """
    if "email" in channels and usernames.is_email(username):
        return Delivery(EMAIL, "email", username)
    if "phone_number" in channels and usernames.is_phone_number(username):
        return Delivery(SMS, "phone_number", username)
    digest = int(hashlib.sha256(username.encode()).hexdigest(), 16)
    if channels and channels[0] == "phone_number":
        return Delivery(SMS, "phone_number", f"+1{digest % 10**10:010d}")
    letters = "abcdefghijklmnopqrstuvwxyz"
    return Delivery(EMAIL, "email", f"{letters[digest % 26]}@{letters[(digest // 26) % 26]}")


def verification_delivery(attribute: str, value: str) -> Delivery:
    """Where the code verifying a new ``email``/``phone_number`` value goes."""
    return Delivery(EMAIL if attribute == "email" else SMS, attribute, value)


@attrs.frozen
class IssuedCode:
    """A code Cognito sent and will check later, as stored in ``User.codes``.

    Keys: :data:`FORGOT_PASSWORD` (ForgotPassword and AdminResetUserPassword share one
    outstanding code; the latest wins) and :func:`verify_attribute_key` (``value`` is the new
    email/phone the code verifies; ``held`` says the old value stays until then).
    """

    code: str
    issued_at: float
    value: str | None = None
    held: bool = False


FORGOT_PASSWORD = "forgot_password"


def verify_attribute_key(attribute: str) -> str:
    return f"verify_attribute:{attribute}"
