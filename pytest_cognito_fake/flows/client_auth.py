"""App-client checks every client-side operation makes first: the secret hash, and how the
client's ``PreventUserExistenceErrors`` setting answers for a missing user.

``SECRET_HASH`` = ``Base64(HMAC_SHA256(key=client_secret, msg=username + client_id))``
(cognito-errors.md §5), computed over the username *as the caller typed it* (an alias or the
email of an email-as-username pool included) [AWS-DOC "Computing secret hash values"].
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable

from pytest_cognito_fake.errors import NotAuthorizedException


def secret_hash(client_secret: str, username: str, client_id: str) -> str:
    """The ``SecretHash`` a caller must send for ``username`` on a client with a secret."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(
    client_id: str,
    client_secret: str | None,
    username: str,
    given: str | None,
    *,
    missing: Callable[[str], NotAuthorizedException] = NotAuthorizedException.secret_not_received,
) -> None:
    """Raise as Cognito does when a client with a secret gets no hash or a wrong one.

    A client without a secret ignores a hash that is sent [INF]. ``missing`` picks the wording:
    ``secret_not_received`` for a top-level ``SecretHash`` member, ``secret_hash_not_received``
    for ``SECRET_HASH`` inside AuthParameters or ChallengeResponses (cognito-errors.md §3.5).
    """
    if client_secret is None:
        return
    if not given:
        raise missing(client_id)
    expected = secret_hash(client_secret, username, client_id)
    if not hmac.compare_digest(expected, given):
        raise NotAuthorizedException.secret_hash_mismatch(client_id)


def prevents_user_existence_errors(setting: str | None) -> bool:
    """True when the client hides whether a user exists (``ENABLED``); absent means LEGACY."""
    return setting == "ENABLED"
