from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    """(code, message, HTTP status) of a botocore ClientError."""
    response: Any = excinfo.value.response
    return (response["Error"]["Code"], response["Error"]["Message"],
            response["ResponseMetadata"]["HTTPStatusCode"])


def secret_hash(secret: str, username: str, client_id: str) -> str:
    """The ``SecretHash`` an SDK sends for ``username``: Base64 of HMAC-SHA256(secret,
    username + client id), computed here rather than by the fake's own code."""
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
