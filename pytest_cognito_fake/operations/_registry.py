"""Handlers keyed by API operation name: the one answer to "which operations are done?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_cognito_fake import _model
from pytest_cognito_fake.operations._context import Context

Handler = Callable[[Context, dict[str, Any]], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register the handler of API operation ``name`` (checked against botocore's model)."""
    if name not in _model.operation_names():
        raise ValueError(f"{name!r} is not an operation of cognito-idp")

    def register(fn: Handler) -> Handler:
        if name in OPERATIONS:
            raise ValueError(f"{name} has two handlers")
        OPERATIONS[name] = fn
        return fn

    return register
