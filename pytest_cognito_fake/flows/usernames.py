"""What a ``Username`` may look like in a pool: email/phone formats, username and alias rules.

- ``UsernameAttributes`` (email and/or phone as the username): the ``Username`` given must be an
  email or phone number; the user is stored under a generated UUID equal to its ``sub`` and the
  value becomes the ``email``/``phone_number`` attribute (defaults.md §5.1) [REAL].
- ``AliasAttributes``: a username that looks like an email in a pool with the email alias is
  refused (``Username cannot be of email format, since user pool is configured for email
  alias.`` [REAL]); the phone analogue is [INF].

Formats [INF]: an email is ``local@domain`` with exactly one ``@``, both parts non-empty and no
whitespace (Cognito's own check is not published; this one refuses what is plainly not an
address and accepts the rest). A phone number is E.164: ``+`` then 1 to 15 digits, nothing else
(Cognito: "must start with a plus (+) sign, followed immediately by the country code. A phone
number can only contain the + sign and digits" [AWS-DOC]).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pytest_cognito_fake.errors import InvalidParameterException

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_PHONE = re.compile(r"\+[0-9]{1,15}")

EMAIL = "email"
PHONE_NUMBER = "phone_number"


def is_email(value: str) -> bool:
    return _EMAIL.fullmatch(value) is not None


def is_phone_number(value: str) -> bool:
    return _PHONE.fullmatch(value) is not None


def sign_in_attribute(username: str, username_attributes: Sequence[str]) -> str:
    """Which username attribute (``email`` or ``phone_number``) ``username`` is a value of, in a
    pool with ``UsernameAttributes``; the matching InvalidParameterException otherwise."""
    email_ok = EMAIL in username_attributes
    phone_ok = PHONE_NUMBER in username_attributes
    if email_ok and is_email(username):
        return EMAIL
    if phone_ok and is_phone_number(username):
        return PHONE_NUMBER
    if email_ok and phone_ok:
        raise InvalidParameterException.username_should_be_email_or_phone()
    if email_ok:
        raise InvalidParameterException.username_should_be_email()
    raise InvalidParameterException.username_should_be_phone()


def check_not_alias_format(username: str, alias_attributes: Sequence[str]) -> None:
    """A username may not look like a value of an alias attribute of the pool."""
    if EMAIL in alias_attributes and is_email(username):
        raise InvalidParameterException.username_not_alias_format(EMAIL)
    if PHONE_NUMBER in alias_attributes and is_phone_number(username):
        raise InvalidParameterException.username_not_alias_format(PHONE_NUMBER)
