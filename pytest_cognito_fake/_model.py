"""botocore's service model for ``cognito-idp``: the one source of truth for operations and shapes.

Everything that the model already says (operation names, members, constraints, modelled errors)
is read from here, never re-typed. Loading the model costs some milliseconds, so it happens once,
on first use, not at import.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape

SERVICE_NAME = "cognito-idp"
#: The event-name prefix: botocore names events after the service id, not the endpoint prefix.
EVENT_SERVICE_ID = "cognito-identity-provider"


@functools.cache
def service_model() -> ServiceModel:
    import botocore.session

    return botocore.session.get_session().get_service_model(SERVICE_NAME)


@functools.cache
def target_prefix() -> str:
    return str(service_model().metadata["targetPrefix"])


@functools.cache
def operation_names() -> frozenset[str]:
    return frozenset(service_model().operation_names)


@functools.cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def modelled_errors(operation: str) -> frozenset[str]:
    return frozenset(shape.name for shape in operation_model(operation).error_shapes)


@functools.cache
def all_error_names() -> frozenset[str]:
    names: set[str] = set()
    for op in operation_names():
        names |= modelled_errors(op)
    return frozenset(names)


def output_shape(operation: str) -> Shape | None:
    return operation_model(operation).output_shape


def input_shape(operation: str) -> Shape | None:
    return operation_model(operation).input_shape


def is_unsigned(operation: str) -> bool:
    """True for the operations botocore sends without SigV4 (``authtype: none``)."""
    return bool(operation_model(operation).auth_type == "none")
