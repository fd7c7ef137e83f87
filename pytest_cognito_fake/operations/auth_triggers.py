"""The sign-in Lambda triggers: PreAuthentication, UserMigration_Authentication,
PreTokenGeneration and PostAuthentication.

They plug into the sign-in engine of :mod:`.auth` through its hook lists, so every flow that
checks a password or issues tokens fires them. Facts: triggers.md §2.4-2.7, §3, §4 (the event
shapes, the order, the error mapping of :mod:`._triggers`).

- **UserMigration_Authentication** (``USER_PASSWORD_AUTH``, ``ADMIN_USER_PASSWORD_AUTH`` /
  ``ADMIN_NO_SRP_AUTH`` only; never SRP, whose password never reaches Cognito): for a username
  no user or alias matches. Request ``password`` and ``validationData`` (the call's
  ``ClientMetadata``; left out when none [TYPES, triggers.md §2.11]). What the reply does:
  :mod:`._migration`. Under PreventUserExistenceErrors an empty reply answers
  ``Incorrect username or password.``.
- **PreAuthentication_Authentication**: after the user is found (or migrated), before the
  password is checked, so it runs on failed attempts too and its rejection wins over a wrong
  password [REAL, triggers.md §2.4]. Request ``userAttributes`` (with ``cognito:user_status``),
  ``validationData`` (``ClientMetadata`` of InitiateAuth/AdminInitiateAuth, ``null`` when none),
  and ``userNotFound`` only when the client sets PreventUserExistenceErrors, in which case it also
  runs for an unknown username [AWS-DOC]; then ``userName`` is the typed name and
  ``userAttributes`` is ``{}`` [INF]. Not run on refresh [AWS-DOC].
- **PreTokenGeneration** (``LambdaConfig.PreTokenGeneration``, or ``PreTokenGenerationConfig``
  with ``LambdaVersion`` ``V1_0``/``V2_0``/``V3_0``; event ``version`` ``"1"``/``"2"``/``"3"``):
  before tokens are signed, with the trigger source the flow names
  (``TokenGeneration_Authentication``, ``_NewPasswordChallenge``, ``_RefreshTokens``,
  ``_AuthenticateDevice``). Request ``userAttributes``, ``groupConfiguration``, ``scopes`` (V2/V3)
  and ``clientMetadata`` (only from (Admin)RespondToAuthChallenge [AWS-DOC]); what the reply does:
  :mod:`pytest_cognito_fake.flows.pre_token`.
- **PostAuthentication_Authentication**: after PreTokenGeneration, before the tokens are
  returned; a failure discards them [INF order, triggers.md §3]. Request ``userAttributes``,
  ``newDeviceUsed`` (only when the pool remembers devices: true when this sign-in hands out
  ``NewDeviceMetadata``), ``clientMetadata`` (only from (Admin)RespondToAuthChallenge). Not run
  on refresh [INF].
"""

from __future__ import annotations

from typing import Any

from pytest_cognito_fake._state import User
from pytest_cognito_fake.errors import InvalidLambdaResponseException
from pytest_cognito_fake.flows import pre_token, tokens
from pytest_cognito_fake.flows.lambda_replies import UnreadableReply
from pytest_cognito_fake.operations import _migration, _triggers, auth
from pytest_cognito_fake.operations.auth import SignIn

#: Password flows whose unknown usernames go to UserMigration.
MIGRATING_FLOWS = frozenset({"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH",
                             "ADMIN_NO_SRP_AUTH"})
#: ``PreTokenGenerationConfig.LambdaVersion`` -> the event's ``version``.
EVENT_VERSIONS = {"V1_0": "1", "V2_0": "2", "V3_0": "3"}
REFRESH = "TokenGeneration_RefreshTokens"


def _event_attributes(sign: SignIn, user: User) -> dict[str, str]:
    return _triggers.user_attributes_for_event(sign.pool, user.attributes, user.status)


def _answering_challenge(sign: SignIn) -> bool:
    """True for (Admin)RespondToAuthChallenge, whose ClientMetadata the token-time triggers
    receive; InitiateAuth's goes only to PreAuthentication and UserMigration [AWS-DOC]."""
    return sign.flow not in auth.FLOWS


def user_migration(sign: SignIn, username: str, password: str) -> User | None:
    if sign.flow not in MIGRATING_FLOWS:
        return None
    request: dict[str, Any] = {"password": password}
    if sign.client_metadata:
        request["validationData"] = dict(sign.client_metadata)
    return _migration.migrate_user(sign.ctx, sign.pool, sign.client, username,
                                   trigger_source="UserMigration_Authentication",
                                   request=request, password=password)


def pre_authentication(sign: SignIn, user: User | None, username: str) -> None:
    if user is None and not sign.hides_users:
        return
    request: dict[str, Any] = {
        "userAttributes": {} if user is None else _event_attributes(sign, user),
        "validationData": dict(sign.client_metadata) if sign.client_metadata else None,
    }
    if sign.hides_users:
        request["userNotFound"] = user is None
    _triggers.invoke(sign.ctx, sign.pool, "PreAuthentication",
                     "PreAuthentication_Authentication",
                     user_name=username if user is None else user.username,
                     client_id=sign.client.client_id, request=request, response={})


def _event_version(sign: SignIn) -> str:
    config = sign.pool.lambda_config.get("PreTokenGenerationConfig")
    if isinstance(config, dict) and config.get("LambdaVersion") in EVENT_VERSIONS:
        return EVENT_VERSIONS[str(config["LambdaVersion"])]
    return "1"  # a legacy PreTokenGeneration ARN gets V1_0 events [AWS-DOC]


def pre_token_generation(sign: SignIn, user: User, grant: tokens.Grant,
                         source: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The (access, ID) claims as the trigger leaves them, or None with no trigger."""
    if _triggers.trigger_arn(sign.pool, "PreTokenGeneration") is None:
        return None
    version = _event_version(sign)
    groups = [sign.pool.groups[name] for name in grant.groups]
    configuration = pre_token.group_configuration(
        [(g.name, g.role_arn, g.precedence) for g in groups])
    request: dict[str, Any] = {
        "userAttributes": _event_attributes(sign, user),
        "groupConfiguration": configuration.as_event(),
    }
    if version != "1":
        request["scopes"] = list(grant.scopes)
    if sign.client_metadata and _answering_challenge(sign) and source != REFRESH:
        request["clientMetadata"] = dict(sign.client_metadata)
    member = "claimsOverrideDetails" if version == "1" else "claimsAndScopeOverrideDetails"
    reply = _triggers.invoke(sign.ctx, sign.pool, "PreTokenGeneration", source,
                             user_name=user.username, client_id=sign.client.client_id,
                             request=request, response={member: None}, version=version)
    assert reply is not None  # the ARN is configured
    apply = pre_token.apply_v1 if version == "1" else pre_token.apply_v2
    try:
        return apply(tokens.access_claims(grant), tokens.id_claims(grant), reply.get(member),
                     client_id=sign.client.client_id)
    except UnreadableReply:
        raise InvalidLambdaResponseException.invalid_json() from None


def post_authentication(sign: SignIn, user: User) -> None:
    request: dict[str, Any] = {"userAttributes": _event_attributes(sign, user)}
    if sign.pool.settings.get("DeviceConfiguration"):
        request["newDeviceUsed"] = bool(sign.state.get("new_device"))
    if sign.client_metadata and _answering_challenge(sign):
        request["clientMetadata"] = dict(sign.client_metadata)
    _triggers.invoke(sign.ctx, sign.pool, "PostAuthentication",
                     "PostAuthentication_Authentication", user_name=user.username,
                     client_id=sign.client.client_id, request=request, response={})


def token_triggers(sign: SignIn, user: User, grant: tokens.Grant,
                   source: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The :data:`.auth.TOKEN_HOOKS` entry: PreTokenGeneration, then PostAuthentication."""
    claims = pre_token_generation(sign, user, grant, source)
    if source != REFRESH:
        post_authentication(sign, user)
    return claims


auth.USER_NOT_FOUND_HOOKS.append(user_migration)
auth.PRE_PASSWORD_HOOKS.append(pre_authentication)
auth.TOKEN_HOOKS.append(token_triggers)
