"""Invoking the Lambda triggers a pool's LambdaConfig names, as Python callables.

Event envelope, pre-filled responses and error mapping: ../shared/reference/triggers.md §1, §2.11
and §4. A handler is called as ``handler(event, context)`` once, with a deep copy of the event,
and must return the whole event with ``response`` filled in, as a real function must.

Outcomes:
- the handler raises ``exc``: ``UserLambdaValidationException``
  ``<Trigger> failed with error <str(exc)>.`` (a Python function error reaches Cognito as its
  ``errorMessage``, which is ``str(exc)``) [INF for the in-process analogue];
- it raises :class:`LambdaInvocationError` (the test's way to simulate a timeout, a missing
  permission or throttling): ``UnexpectedLambdaException``
  ``<Trigger> invocation failed due to error <reason>.``;
- it returns something that is not a JSON object with a ``response`` object (``None`` included):
  ``InvalidLambdaResponseException`` ``Invalid lambda function output : Invalid JSON``.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs

from pytest_cognito_fake._state import UserPool
from pytest_cognito_fake.errors import (
    InvalidLambdaResponseException,
    UnexpectedLambdaException,
    UserLambdaValidationException,
)
from pytest_cognito_fake.operations._context import Context

#: ``callerContext.awsSdkVersion`` as most real events carry it (triggers.md §1) [REAL].
SDK_VERSION = "aws-sdk-unknown-unknown"
#: ``callerContext.clientId`` for calls without a client, e.g. AdminCreateUser [REAL].
NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE"


class LambdaInvocationError(Exception):
    """Raise from a handler to make Cognito report the *invocation* failed, not the function:
    ``raise LambdaInvocationError("AccessDeniedException")`` or
    ``LambdaInvocationError("Socket timeout while invoking Lambda function")``."""


@attrs.frozen
class LambdaContext:
    """The ``context`` argument: the few fields handlers commonly read."""

    function_name: str
    invoked_function_arn: str
    aws_request_id: str
    memory_limit_in_mb: int = 128

    def get_remaining_time_in_millis(self) -> int:
        return 5000  # synchronous triggers get 5 seconds (triggers.md §5)


def trigger_arn(pool: UserPool, trigger: str) -> str | None:
    """The ARN configured for ``trigger`` (a LambdaConfig key), if any."""
    # Read in place: ``pool.lambda_config`` copies, and this runs for every message sent.
    config = pool.settings.get("LambdaConfig")
    if not config:
        return None
    if trigger == "PreTokenGeneration" and config.get("PreTokenGenerationConfig"):
        return str(config["PreTokenGenerationConfig"]["LambdaArn"])
    value = config.get(trigger)
    if isinstance(value, dict):
        return str(value.get("LambdaArn")) if value.get("LambdaArn") else None
    return str(value) if value else None


def invoke(
    ctx: Context,
    pool: UserPool,
    trigger: str,
    trigger_source: str,
    *,
    user_name: str,
    client_id: str | None,
    request: dict[str, Any],
    response: dict[str, Any],
    version: str = "1",
) -> dict[str, Any] | None:
    """Run ``trigger`` if the pool configures it; returns the ``response`` the handler filled
    in, or ``None`` when no function is configured. Raises the API error of a failure."""
    arn = trigger_arn(pool, trigger)
    if arn is None:
        return None
    handler = ctx.backend.lambdas.handler(arn)
    event: dict[str, Any] = {
        "version": version,
        "region": pool.region,
        "userPoolId": pool.id,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id or NO_CLIENT},
        "triggerSource": trigger_source,
        "request": copy.deepcopy(request),
        "response": copy.deepcopy(response),
    }
    context = LambdaContext(arn.rsplit(":", 1)[-1], arn, ctx.backend.ids.uuid4())
    ctx.backend.lambdas.invocations.append((arn, copy.deepcopy(event)))
    try:
        result = handler(event, context)
    except LambdaInvocationError as exc:
        raise UnexpectedLambdaException.invocation_failed(trigger, str(exc)) from None
    except Exception as exc:
        raise UserLambdaValidationException.failed(trigger, str(exc)) from None
    try:
        # What a real function returns crosses the wire as JSON.
        result = json.loads(json.dumps(result))
    except (TypeError, ValueError):
        raise InvalidLambdaResponseException.invalid_json() from None
    if not isinstance(result, dict) or not isinstance(result.get("response"), dict):
        raise InvalidLambdaResponseException.invalid_json()
    return dict(result["response"])


def user_attributes_for_event(pool: UserPool, attributes: dict[str, str], status: str | None,
                              ) -> dict[str, str]:
    """``request.userAttributes`` of an existing user: its attributes plus
    ``cognito:user_status`` and the alias markers (triggers.md §1.1)."""
    out = dict(attributes)
    if status is not None:
        out["cognito:user_status"] = status
    for attr in ("email", "phone_number"):
        if attr in pool.alias_attributes and attributes.get(f"{attr}_verified") == "true":
            out[f"cognito:{attr}_alias"] = attributes[attr]
    return out
