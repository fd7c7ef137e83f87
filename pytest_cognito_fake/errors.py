"""Cognito's errors: one class per error code, each message living on its class.

Operations raise these; the protocol layer renders them (``{"__type":..., "message":...}`` with
the right status and ``x-amzn-*`` headers). No message is written at a raise site: every text is
a constructor here, with the evidence for it (``../shared/reference/cognito-errors.md``).

Statuses: real Cognito answers 400 for every client error (even where the Smithy model says 403
or 429) and 500 for ``InternalErrorException`` (reference §1.3). ``ForbiddenException`` has no
capture; we follow the model's 403 there.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AliasExistsException",
    "CodeDeliveryFailureException",
    "CognitoError",
    "ForbiddenException",
    "InternalErrorException",
    "InvalidParameterException",
    "InvalidPasswordException",
    "LimitExceededException",
    "NotAuthorizedException",
    "ResourceNotFoundException",
    "SerializationException",
    "TooManyRequestsException",
    "UnknownOperationException",
    "UnsupportedUserStateException",
    "UserNotFoundException",
    "UsernameExistsException",
    "error_class",
]


class CognitoError(Exception):
    """An error Cognito would send. ``code`` is the wire ``__type``; ``message`` its text.

    ``message`` is ``None`` for the Coral framework errors that real services send without one.
    """

    code: ClassVar[str] = "CognitoError"
    status: ClassVar[int] = 400
    #: What a fault injected without ``message=`` says: the most common real text, where known.
    default_message: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = cls.__name__

    def __init__(self, message: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{self.code}({self.message!r})"


_REGISTRY: dict[str, type[CognitoError]] = {}


def error_class(code: str) -> type[CognitoError]:
    """The class for a modelled error code; a plain subclass for codes with no texts of ours.

    Fault injection uses this so every modelled error of the model is reachable (fidelity rule 4).
    """
    cls = _REGISTRY.get(code)
    if cls is None:
        cls = type(code, (CognitoError,), {"__module__": __name__})
        _REGISTRY[code] = cls
    return cls


def _register(cls: type[CognitoError]) -> type[CognitoError]:
    _REGISTRY[cls.code] = cls
    return cls


# -- Coral framework errors (not in the Cognito model) ------------------------------------------


class SerializationException(CognitoError):
    """The body is not JSON, or a member has the wrong JSON type.

    Coral services answer 400 with a namespaced ``__type`` and no message
    (``{"__type":"com.amazon.coral.service#SerializationException"}``, seen from Coral services in
    amazon-archives/aws-sdk-unity#54 and pplu/aws-sdk-perl#237). botocore strips the namespace.
    [INF for Cognito itself; chosen here, in one place.]
    """

    code = "com.amazon.coral.service#SerializationException"


class UnknownOperationException(CognitoError):
    """``X-Amz-Target`` missing or naming no operation: 400, no message (aws/aws-sdk-net#1536). [INF]"""

    code = "com.amazon.coral.service#UnknownOperationException"


# -- Modelled errors with texts ------------------------------------------------------------------


@_register
class InvalidParameterException(CognitoError):
    @classmethod
    def filter_parse(cls) -> InvalidParameterException:
        """[REAL] aws/aws-sdk-php#1088: with the period."""
        return cls("Error while parsing filter.")

    @classmethod
    def invalid_search_attribute(cls, name: str) -> InvalidParameterException:
        """No capture; moto's wording [INF] (reference defaults.md §4.1)."""
        return cls(f"Invalid search attribute: {name}")

    @classmethod
    def pagination_token(cls, token: str, request_id: str) -> InvalidParameterException:
        """[REAL] aws/aws-sdk-js#3705: a token reused with another request. Exception name [INF]."""
        return cls(f"Paging marker {token} is invalid for request {request_id}")

    @classmethod
    def next_token(cls) -> InvalidParameterException:
        """A NextToken the service did not issue for this request. No capture: [INF]."""
        return cls("Invalid pagination token.")

    @classmethod
    def required_custom_attribute(cls) -> InvalidParameterException:
        """CreateUserPool with a Required custom attribute: moto's wording [INF]."""
        return cls("Required custom attributes are not supported currently.")

    @classmethod
    def deletion_protection(cls) -> InvalidParameterException:
        """DeleteUserPool while DeletionProtection is ACTIVE [INF]."""
        return cls("The user pool cannot be deleted because deletion protection is activated. "
                   "Deletion protection must be inactivated first.")

    @classmethod
    def username_and_alias_attributes(cls) -> InvalidParameterException:
        """CreateUserPool with both AliasAttributes and UsernameAttributes [INF]."""
        return cls("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")

    @classmethod
    def token_validity_range(cls) -> InvalidParameterException:
        """A token validity outside its bounds (access/ID 5 min-1 day, refresh 1 h-10 years) [INF]."""
        return cls("Invalid range for token validity.")

    @classmethod
    def read_attributes(cls) -> InvalidParameterException:
        """ReadAttributes naming an attribute the pool lacks [REAL, app error tables]."""
        return cls("Invalid read attributes specified while creating a client")

    @classmethod
    def write_attributes(cls) -> InvalidParameterException:
        """WriteAttributes naming an unknown or immutable attribute [REAL, app error tables]."""
        return cls("Invalid write attributes specified while creating a client")

    @classmethod
    def attributes_to_get_missing(cls) -> InvalidParameterException:
        """ListUsers AttributesToGet naming an attribute not every user has [REAL message]."""
        return cls("Input fails to satisfy the constraints.")

    @classmethod
    def schema(cls, problems: list[tuple[str, str]]) -> InvalidParameterException:
        """``Attributes did not conform to the schema: <name>: <problem>\\n`` per attribute [REAL]."""
        body = "".join(f"{name}: {problem}\n" for name, problem in problems)
        return cls(f"Attributes did not conform to the schema: {body}")

    @classmethod
    def phone_format(cls) -> InvalidParameterException:
        return cls("Invalid phone number format.")

    @classmethod
    def email_format(cls) -> InvalidParameterException:
        return cls("Invalid email address format.")

    @classmethod
    def username_should_be_email(cls) -> InvalidParameterException:
        return cls("Username should be an email.")

    @classmethod
    def username_should_be_phone(cls) -> InvalidParameterException:
        return cls("Username should be a phone number.")

    @classmethod
    def username_should_be_email_or_phone(cls) -> InvalidParameterException:
        return cls("Username should be either an email or a phone number.")

    @classmethod
    def username_not_alias_format(cls, alias: str) -> InvalidParameterException:
        """e.g. ``Username cannot be of email format, since user pool is configured for email alias.``"""
        return cls(f"Username cannot be of {alias} format, since user pool is configured for {alias} alias.")


@_register
class ResourceNotFoundException(CognitoError):
    @classmethod
    def user_pool(cls, user_pool_id: str) -> ResourceNotFoundException:
        """[REAL] aws-sdk-go#2436: ``User pool us-east-1_AAAAAAAAA does not exist.``"""
        return cls(f"User pool {user_pool_id} does not exist.")

    @classmethod
    def client(cls, client_id: str) -> ResourceNotFoundException:
        """[WIRE] aws-sdk-php#2183: ``User pool client <id> does not exist.``"""
        return cls(f"User pool client {client_id} does not exist.")


@_register
class UserNotFoundException(CognitoError):
    default_message = "User does not exist."

    @classmethod
    def user_does_not_exist(cls) -> UserNotFoundException:
        """[REAL] cognito-local#380 quoting the real CLI."""
        return cls("User does not exist.")

    @classmethod
    def username_client_combination(cls) -> UserNotFoundException:
        """[REAL] aws-sdk-ios#1732 (ConfirmForgotPassword, ForgotPassword)."""
        return cls("Username/client id combination not found.")


@_register
class UsernameExistsException(CognitoError):
    @classmethod
    def admin_create_user(cls) -> UsernameExistsException:
        """[REAL] localstack#4465: no period."""
        return cls("User account already exists")

    @classmethod
    def sign_up(cls) -> UsernameExistsException:
        return cls("User already exists")

    @classmethod
    def email_taken(cls) -> UsernameExistsException:
        return cls("An account with the given email already exists.")

    @classmethod
    def phone_taken(cls) -> UsernameExistsException:
        return cls("An account with the given phone_number already exists.")


@_register
class AliasExistsException(CognitoError):
    @classmethod
    def for_attribute(cls, attribute: str) -> AliasExistsException:
        """Wording open (reference §7.6); the moto/app form ``An account with the given email ...``."""
        return cls(f"An account with the given {attribute} already exists.")


@_register
class NotAuthorizedException(CognitoError):
    @classmethod
    def user_disabled(cls) -> NotAuthorizedException:
        """AdminResetUserPassword on a disabled user: no period [REAL] amazon-cognito-identity-js#373."""
        return cls("User is disabled")


@_register
class InvalidPasswordException(CognitoError):
    """One violated rule per call. Two phrasings exist (reference §2.1, §3.2, defaults §5.3)."""

    @classmethod
    def does_not_conform(cls, rule: str) -> InvalidPasswordException:
        """ConfirmForgotPassword, ChangePassword, NEW_PASSWORD_REQUIRED, AdminSetUserPassword."""
        return cls(f"Password does not conform to policy: {rule}")

    @classmethod
    def did_not_conform(cls, rule: str) -> InvalidPasswordException:
        """SignUp."""
        return cls(f"Password did not conform with policy: {rule}")

    @classmethod
    def did_not_conform_password_policy(cls, rule: str) -> InvalidPasswordException:
        """AdminCreateUser TemporaryPassword: [REAL] data-dot-all/dataall#690."""
        return cls(f"Password did not conform with password policy: {rule}")


@_register
class LimitExceededException(CognitoError):
    default_message = "Attempt limit exceeded, please try after some time."


@_register
class TooManyRequestsException(CognitoError):
    """[REAL] boto/boto3#2517 ``Rate exceeded``; observed with status 400 (reference §1.3)."""

    default_message = "Rate exceeded"


@_register
class InternalErrorException(CognitoError):
    """Service fault: 500 per the API Reference. No public message text; ours is [INF]."""

    status = 500
    default_message = "Internal server error."


@_register
class ForbiddenException(CognitoError):
    """WAF block; model status 403 (no capture of the real status)."""

    status = 403
    default_message = "Request not allowed due to WAF block."


@_register
class UnsupportedUserStateException(CognitoError):
    @classmethod
    def resend_not_force_change(cls) -> UnsupportedUserStateException:
        """AdminCreateUser MessageAction=RESEND for a user not in FORCE_CHANGE_PASSWORD [INF]."""
        return cls("Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.")


@_register
class CodeDeliveryFailureException(CognitoError):
    default_message = "Invalid email provided/Unable to send the email"
