"""The UserMigration trigger, shared by ForgotPassword and the password sign-in flows.

Facts: triggers.md §2.7 [AWS-DOC unless noted]. Cognito calls the trigger for a username that no
user or alias matches; ``userName`` is what the caller typed, the request carries no
``userAttributes``. The reply's ``userAttributes`` (required) become a new user; a reply without
them means "no such user": ``UserNotFoundException`` ``Exception migrating user in app client
<clientId>``, or, when the client sets PreventUserExistenceErrors, the caller's usual answer for an
unknown user [REAL re:Post QU3VgGes1IRne3OVkCDMjrBA]. ``forceAliasCreation`` moves a taken alias
from its owner (whose copy becomes unverified); without it a taken alias fails the migration with
``AliasExistsException``. A ``sub`` in the reply is ignored: the new user gets its own.

[INF] choices:
- ``finalUserStatus``: at sign-in, ``CONFIRMED`` signs the user in with the typed password;
  anything else leaves the user ``RESET_REQUIRED`` (then ``PasswordResetRequiredException``). The
  typed password is stored in both cases, so a later attempt with it answers as for any
  RESET_REQUIRED user. ForgotPassword always makes a ``RESET_REQUIRED`` user (no password).
- ``messageAction`` / ``desiredDeliveryMediums``: Cognito's welcome message for a migrated user
  has no documented text, so the fake sends none and reads neither member.
- ``enableSMSMFA`` is not applied.
"""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake._state import AppClient, User, UserPool, UserStatus
from pytest_cognito_fake.errors import AliasExistsException, UserNotFoundException
from pytest_cognito_fake.flows import attributes as attribute_rules
from pytest_cognito_fake.flows import client_auth, usernames
from pytest_cognito_fake.operations import _triggers
from pytest_cognito_fake.operations._context import Context
from pytest_cognito_fake.operations.users import (
    add_user,
    schema_of,
    taken_sign_in_values,
    touch,
)

#: The pre-filled ``response`` of a UserMigration event (triggers.md §2.11) [TYPES].
RESPONSE: dict[str, Any] = {
    "userAttributes": None, "finalUserStatus": None, "messageAction": None,
    "desiredDeliveryMediums": None, "forceAliasCreation": None, "enableSMSMFA": None,
}


def migrate_user(ctx: Context, pool: UserPool, client: AppClient, username: str, *,
                 trigger_source: str, request: dict[str, Any],
                 password: str | None = None) -> User | None:
    """Run UserMigration for ``username``; the new user, or None when the pool has no such
    trigger or the reply found nobody under PreventUserExistenceErrors. ``password`` is the typed
    password of a sign-in (None for ForgotPassword)."""
    reply = _triggers.invoke(ctx, pool, "UserMigration", trigger_source, user_name=username,
                             client_id=client.client_id, request=request, response=RESPONSE)
    if reply is None:
        return None
    given = reply.get("userAttributes")
    if not isinstance(given, dict) or not given:
        if client_auth.prevents_user_existence_errors(
                client.settings.get("PreventUserExistenceErrors")):
            return None
        raise UserNotFoundException.migration_found_no_user(client.client_id)
    pairs = [(str(k), None if v is None else str(v)) for k, v in given.items() if k != "sub"]
    sign_in = None
    if pool.username_attributes:
        sign_in = usernames.sign_in_attribute(username, pool.username_attributes)
        pairs.append((sign_in, username))
    attributes = attribute_rules.for_create(schema_of(pool), pairs)
    for other, attr in taken_sign_in_values(pool, None, attributes):
        if not reply.get("forceAliasCreation") or attr in pool.username_attributes:
            raise AliasExistsException.for_attribute(attr)
        other.attributes[f"{attr}_verified"] = "false"
        pool.reindex(other)
        touch(ctx, pool, other)
    confirmed = password is not None and reply.get("finalUserStatus") == UserStatus.CONFIRMED
    sub = ctx.backend.ids.uuid4()
    return add_user(ctx, pool, sub if sign_in is not None else username, attributes,
                    status=UserStatus.CONFIRMED if confirmed else UserStatus.RESET_REQUIRED,
                    password=password, sub=sub)
