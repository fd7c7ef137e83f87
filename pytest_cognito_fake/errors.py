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
    "CodeMismatchException",
    "CognitoError",
    "DeviceKeyExistsException",
    "EnableSoftwareTokenMFAException",
    "ExpiredCodeException",
    "FeatureUnavailableInTierException",
    "ForbiddenException",
    "GroupExistsException",
    "InternalErrorException",
    "InvalidLambdaResponseException",
    "InvalidParameterException",
    "InvalidPasswordException",
    "LimitExceededException",
    "MFAMethodNotFoundException",
    "NotAuthorizedException",
    "NotImplementedByFake",
    "PasswordHistoryPolicyViolationException",
    "PasswordResetRequiredException",
    "RefreshTokenReuseException",
    "ResourceNotFoundException",
    "SchemaProblem",
    "SerializationException",
    "SoftwareTokenMFANotFoundException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnexpectedLambdaException",
    "UnknownOperationException",
    "UnsupportedOperationException",
    "UnsupportedTokenTypeException",
    "UnsupportedUserStateException",
    "UserLambdaValidationException",
    "UserNotConfirmedException",
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


class NotImplementedByFake(NotImplementedError):
    """A part of the API (an operation, an auth flow, a challenge) the fake does not answer yet.

    Raised loudly, never answered with a made-up error: a test must not pass on a stub."""


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
    """``X-Amz-Target`` missing or unknown: 400, no message (aws/aws-sdk-net#1536). [INF]"""

    code = "com.amazon.coral.service#UnknownOperationException"


# -- Per-attribute phrases of the schema errors -------------------------------------------------


class SchemaProblem:
    """What follows ``<name>: `` in the attribute-schema errors of SignUp, AdminCreateUser and the
    attribute updates (see ``InvalidParameterException.schema`` and ``.user_attributes``)."""

    #: [REAL] amplify-flutter#509, #1531.
    NOT_IN_SCHEMA = "Attribute does not exist in the schema."
    #: [REAL, weak] furaiev/amazon-cognito-identity-dart-2#89; no period.
    REQUIRED = "The attribute is required"
    #: [REAL] amplify-swift#3981 (``user.email: Attribute cannot be updated.``).
    CANNOT_BE_UPDATED = "Attribute cannot be updated."
    #: No capture of the type and bound problems; these wordings are [INF].
    NOT_BOOLEAN = "Attribute value must be true or false."
    NOT_NUMBER = "Attribute value must be a number."

    @staticmethod
    def string_too_short(minimum: int) -> str:
        """[INF]"""
        return f"String must be no shorter than {minimum} characters."

    @staticmethod
    def string_too_long(maximum: int) -> str:
        """[INF]"""
        return f"String must be no longer than {maximum} characters."

    @staticmethod
    def number_too_small(minimum: int) -> str:
        """[INF]"""
        return f"Number must be no less than {minimum}."

    @staticmethod
    def number_too_large(maximum: int) -> str:
        """[INF]"""
        return f"Number must be no greater than {maximum}."


# -- Modelled errors with texts ------------------------------------------------------------------


@_register
class InvalidParameterException(CognitoError):
    # -- MFA (operations/mfa.py) --

    @classmethod
    def mfa_off_with_factor(cls) -> InvalidParameterException:
        """SetUserPoolMfaConfig OFF with a factor block [REAL] go-to-k/cdkd#1923 (a live run),
        lgallard/terraform-aws-cognito-user-pool#74."""
        return cls("Invalid MFA configuration given, can't turn off MFA and configure an MFA "
                   "together.")

    @classmethod
    def mfa_without_factor(cls) -> InvalidParameterException:
        """SetUserPoolMfaConfig ON/OPTIONAL with no factor [REAL] aws/aws-sdk-js#4186,
        anomalyco/sst#5177."""
        return cls("Invalid MFA configuration given, can't disable all MFAs with a required or "
                   "optional configuration.")

    @classmethod
    def email_mfa_cognito_default(cls) -> InvalidParameterException:
        """EmailMfaConfiguration while the pool sends email as COGNITO_DEFAULT; verbatim, with
        no space after the period [AWS-DOC] re:Post knowledge center
        cognito-set-up-email-mfa-user-pool."""
        return cls("Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains "
                   "an EmailSendingAccount of COGNITO_DEFAULT.Update the value of "
                   "EmailSendingAccount")

    @classmethod
    def mfa_delivery_config(cls, factor: str) -> InvalidParameterException:
        """(Admin)SetUserMFAPreference turning on a factor the user cannot receive: [REAL] for
        SOFTWARE_TOKEN_MFA without a verified token (aws/aws-sdk-js-v3#4645, 2023; older
        texts: ``User has not set up software token mfa``); SMS_MFA without a phone number and
        EMAIL_OTP without an email are [INF] by analogy."""
        return cls(f"User does not have delivery config set to turn on {factor}")

    @classmethod
    def several_preferred_mfa(cls) -> InvalidParameterException:
        """More than one PreferredMfa true in one call ("Only one factor can be set as
        preferred", model documentation); the wording is [INF]."""
        return cls("Invalid MFA settings given, can't set more than one MFA as preferred.")

    @classmethod
    def access_token_or_session(cls) -> InvalidParameterException:
        """AssociateSoftwareToken / VerifySoftwareToken with neither or both of AccessToken and
        Session ("takes an access token or a session string, but not both", model
        documentation); the wording is [INF]."""
        return cls("Exactly one of AccessToken and Session must be provided.")

    @classmethod
    def mfa_options_sms_only(cls) -> InvalidParameterException:
        """(Admin)SetUserSettings with an MFA option other than SMS to phone_number (the model:
        "You can use it to configure only SMS MFA"); the wording is [INF]."""
        return cls("Only SMS to phone_number can be set as an MFA option.")

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
        return cls("Only one of the aliasAttributes or usernameAttributes "
                   "can be set in a User Pool.")

    @classmethod
    def token_validity_range(cls) -> InvalidParameterException:
        """A validity out of bounds (access/ID 5 min to 1 day, refresh 1 h to 10 years) [INF]."""
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
    def custom_message_pattern(cls, value: str, member: str,
                               pattern: str) -> InvalidParameterException:
        """A CustomMessage reply breaking its message shape's pattern: Coral's single-violation
        text at ``emailBody`` (triggers.md §2.3) [REAL]."""
        return cls(f"1 validation error detected: Value '{value}' at '{member}' failed to "
                   f"satisfy constraint: Member must satisfy regular expression pattern: "
                   f"{pattern}")

    @classmethod
    def message_empty(cls) -> InvalidParameterException:
        """A CustomMessage reply with an empty message [WIRE] amazon-cognito-identity-js#521."""
        return cls("The message is empty.")

    @classmethod
    def flow_not_enabled(cls, flow: str) -> InvalidParameterException:
        """InitiateAuth with a flow the client does not allow [REAL], e.g.
        ``USER_PASSWORD_AUTH flow not enabled for this client``."""
        return cls(f"{flow} flow not enabled for this client")

    @classmethod
    def auth_flow_not_enabled(cls) -> InvalidParameterException:
        """AdminInitiateAuth with a flow the client does not allow [REAL]."""
        return cls("Auth flow not enabled for this client")

    @classmethod
    def initiate_auth_method_not_supported(cls) -> InvalidParameterException:
        """A flow of the other operation (ADMIN_* on InitiateAuth, USER_PASSWORD_AUTH on
        AdminInitiateAuth): with the period [REAL] (cognito-errors.md §3.5)."""
        return cls("Initiate Auth method not supported.")

    @classmethod
    def missing_parameter(cls, name: str) -> InvalidParameterException:
        """``Missing required parameter USERNAME`` (also SRP_A, SMS_MFA_CODE, Session) [REAL]."""
        return cls(f"Missing required parameter {name}")

    @classmethod
    def srp_timestamp_format(cls) -> InvalidParameterException:
        """PASSWORD_VERIFIER whose TIMESTAMP does not parse (hour 24, a zone other than UTC)
        [REAL] aws-samples/amazon-cognito-passwordless-auth#145, amazon-cognito-identity-js#683
        (srp.md §5.1)."""
        return cls("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")

    @classmethod
    def invalid_srp_a(cls) -> InvalidParameterException:
        """``SRP_A`` that is not hex, too long, or ``0 mod N``: the type is [REAL]
        (amazon-cognito-identity-js#356), no text was ever quoted; ours follows the
        ``Invalid device key given`` pattern [INF] (srp.md §6)."""
        return cls("Invalid SRP_A given")

    @classmethod
    def custom_auth_only(cls) -> InvalidParameterException:
        """A CUSTOM_AUTH_FLOW_ONLY client asked for another flow [REAL] amplify-js#3379."""
        return cls("Only custom auth (lambda driven) is enabled for this client.")

    @classmethod
    def challenge_not_available(cls) -> InvalidParameterException:
        """A SELECT_CHALLENGE ``ANSWER`` that is not in the ``AvailableChallenges`` offered
        ("It must be one of the challenge types in the AvailableChallenges response parameter",
        API reference); no capture of the text, ours is [INF] (flows/user_auth.py)."""
        return cls("The selected challenge is not available for the user.")

    @classmethod
    def custom_auth_not_configured(cls) -> InvalidParameterException:
        """CUSTOM_AUTH on a pool without a DefineAuthChallenge trigger [REAL: the text is matched
        verbatim in many public sign-in forms; amplify-js PR #7401]. Used too when the
        CreateAuthChallenge or VerifyAuthChallengeResponse trigger a step needs is missing [INF]."""
        return cls("Custom auth lambda trigger is not configured for the user pool.")

    @classmethod
    def attributes_missing(cls, names: list[str]) -> InvalidParameterException:
        """NEW_PASSWORD_REQUIRED without a required attribute: ``Invalid attributes given,
        given_name is missing``; several joined with `` and `` [REAL] (cognito-errors.md §3.6)."""
        return cls(f"Invalid attributes given, {' and '.join(names)} is missing")

    @classmethod
    def attributes_to_get_missing(cls) -> InvalidParameterException:
        """ListUsers AttributesToGet naming an attribute not every user has [REAL message]."""
        return cls("Input fails to satisfy the constraints.")

    @classmethod
    def schema(cls, problems: list[tuple[str, str]]) -> InvalidParameterException:
        """``Attributes did not conform to the schema: <name>: <problem>\\n`` each [REAL]."""
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
        """``Username cannot be of email format, since user pool is configured for email alias.``"""
        return cls(f"Username cannot be of {alias} format, "
                   f"since user pool is configured for {alias} alias.")

    @classmethod
    def user_attributes(cls, problems: list[tuple[str, str]]) -> InvalidParameterException:
        """Attribute updates: ``user.<name>: <problem>\\n`` per attribute, no prefix [REAL for
        UpdateUserAttributes, amplify-flutter#1531; INF for the Admin operations]."""
        return cls("".join(f"user.{name}: {problem}\n" for name, problem in problems))

    @classmethod
    def attribute_value_null(cls, name: str) -> InvalidParameterException:
        """An attribute without ``Value`` [REAL, weak: an application's message table]."""
        return cls(f"Attribute value for {name} must not be null")

    @classmethod
    def required_attribute_cannot_be_deleted(cls, name: str) -> InvalidParameterException:
        """[REAL, weak: an application's message table, for phone_number]."""
        return cls(f"Invalid user attributes: {name}: Required attribute cannot be deleted.")

    @classmethod
    def email_required_to_verify(cls) -> InvalidParameterException:
        """``email_verified`` for a user without email: cognito-local's text [INF]."""
        return cls("Email is required to verify/un-verify an email")

    @classmethod
    def phone_required_to_verify(cls) -> InvalidParameterException:
        """``phone_number_verified`` without a phone number: cognito-local's text [INF]."""
        return cls("Phone Number is required to verify/un-verify a phone number")

    @classmethod
    def no_email_for_medium(cls) -> InvalidParameterException:
        """AdminCreateUser, EMAIL in DesiredDeliveryMediums and no email [REAL]
        (rahulpsd18/cognito-backup-restore#25)."""
        return cls("No email provided but desired delivery medium was Email")

    @classmethod
    def no_phone_for_medium(cls) -> InvalidParameterException:
        """The SMS analogue of :meth:`no_email_for_medium` [INF]."""
        return cls("No phone_number provided but desired delivery medium was Sms")

    @classmethod
    def no_verified_recovery_channel(cls) -> InvalidParameterException:
        """ForgotPassword/AdminResetUserPassword with no verified email or phone [REAL]
        (keboola/developer-portal#113, aws-sdk-js-v3#7101)."""
        return cls("Cannot reset password for the user as there is no registered/verified "
                   "email or phone_number")

    @classmethod
    def auto_verification_not_turned_on(cls) -> InvalidParameterException:
        """ResendConfirmationCode in a pool without AutoVerifiedAttributes [REAL]
        (safemate-infrastructure docs, cognito-errors.md §3.4); no period."""
        return cls("Cannot resend codes. Auto verification not turned on")

    @classmethod
    def user_already_confirmed(cls) -> InvalidParameterException:
        """ResendConfirmationCode for a confirmed user [REAL] (amazon-cognito-identity-dart-2#103,
        amplify-ui#219; the type from amplify-js#13220)."""
        return cls("User is already confirmed.")

    @classmethod
    def access_token_null(cls) -> InvalidParameterException:
        """A token operation sent without ``AccessToken`` (raw HTTP; boto3 refuses to send it)
        [REAL, weak: a re:Post answer] (cognito-errors.md §3.8)."""
        return cls("accessToken must not be null")

    @classmethod
    def not_verifiable_attribute(cls) -> InvalidParameterException:
        """GetUserAttributeVerificationCode / VerifyUserAttribute for an attribute other than
        email or phone_number [REAL, weak: compared against a real pool by floci-io/floci#1898
        review]; the lower-case variant in amplify-js#3652."""
        return cls("Invalid attribute name. Only phone_number and email can be verified.")

    @classmethod
    def no_registered_email(cls) -> InvalidParameterException:
        """GetUserAttributeVerificationCode for email when the user has none [REAL, weak: the
        same comparison as :meth:`not_verifiable_attribute`; the exception type is INF]."""
        return cls("User does not have a valid registered email address")

    @classmethod
    def no_registered_phone(cls) -> InvalidParameterException:
        """The phone_number analogue of :meth:`no_registered_email` [REAL, weak]."""
        return cls("User does not have a valid registered phone number")

    # -- devices (operations/devices.py) --

    @classmethod
    def invalid_device_key(cls) -> InvalidParameterException:
        """ConfirmDevice without a usable DeviceSecretVerifierConfig (left out, empty, or not
        Base64): the text [REAL, weak] (a repost.aws question, srp.md §7); the type and the
        cases beyond "left out" are [INF]."""
        return cls("Invalid device key given")

    @classmethod
    def negative_device_verifier(cls) -> InvalidParameterException:
        """ConfirmDevice whose Salt or PasswordVerifier decodes to a negative number: the text,
        typo included, [REAL, weak] (a repost.aws question; aws-sdk-net-extensions-cognito PR
        #46 reports the error); the type is [INF] (srp.md §7)."""
        return cls("Negate value passed for salt and Password verifier")


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

    @classmethod
    def group(cls) -> ResourceNotFoundException:
        """An unknown group name: [REAL] aws-amplify/amplify-cli#2214 (AdminAddUserToGroup,
        ``ResourceNotFoundException: Group not found.``); the same text for every group
        operation [INF]."""
        return cls("Group not found.")

    @classmethod
    def device(cls) -> ResourceNotFoundException:
        """A device key that is unknown, forgotten or another user's: [REAL] Amplify's
        ``retryOnResourceNotFoundException.ts`` matches this text, AWSMobileClientTest
        ``testForgetDevice`` (UpdateDeviceStatus after ForgetDevice), srp.md §6, §7."""
        return cls("Device does not exist.")


@_register
class DeviceKeyExistsException(CognitoError):
    """ConfirmDevice of a device already confirmed ("a device key that already exists", model
    documentation); no capture of the text, ours is [INF]."""

    default_message = "Device key already exists."


@_register
class GroupExistsException(CognitoError):
    @classmethod
    def group_exists(cls) -> GroupExistsException:
        """CreateGroup with a taken name; moto's text plus a period, no capture [INF]
        (cognito-errors.md §3.10)."""
        return cls("A group with the name already exists.")


@_register
class UserNotFoundException(CognitoError):
    default_message = "User does not exist."

    @classmethod
    def user_does_not_exist(cls) -> UserNotFoundException:
        """[REAL] cognito-local#380 quoting the real CLI."""
        return cls("User does not exist.")

    @classmethod
    def migration_found_no_user(cls, client_id: str) -> UserNotFoundException:
        """A UserMigration reply without ``userAttributes`` under LEGACY (triggers.md §2.7)
        [REAL for sign-in; INF for ForgotPassword]."""
        return cls(f"Exception migrating user in app client {client_id}")

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
        """Wording open (reference §7.6); the moto/app form ``An account with the given ...``."""
        return cls(f"An account with the given {attribute} already exists.")

    @classmethod
    def alias_taken(cls, attribute: str) -> AliasExistsException:
        """ConfirmSignUp verifying an email/phone another user holds as an alias: ``An account
        with the email already exists.`` [AWS-DOC managing-errors.md CLI example; REAL, weak: an
        application matching this text]; the ``phone_number`` form is [INF]."""
        return cls(f"An account with the {attribute} already exists.")


@_register
class NotAuthorizedException(CognitoError):
    @classmethod
    def user_disabled(cls) -> NotAuthorizedException:
        """AdminResetUserPassword, disabled user: no period [REAL] cognito-identity-js#373."""
        return cls("User is disabled")

    @classmethod
    def cannot_confirm(cls, status: str) -> NotAuthorizedException:
        """(Admin)ConfirmSignUp of a user not UNCONFIRMED: [REAL] for CONFIRMED
        (amazon-cognito-identity-dart-2#80, amplify-ui#219); other statuses by analogy [INF]."""
        return cls(f"User cannot be confirmed. Current status is {status}")

    @classmethod
    def cannot_reset_in_current_state(cls) -> NotAuthorizedException:
        """Password reset of a FORCE_CHANGE_PASSWORD user [REAL] (amplify-flutter#3048)."""
        return cls("User password cannot be reset in the current state.")

    @classmethod
    def user_is_disabled(cls) -> NotAuthorizedException:
        """Client-side flows (sign-in, recovery) on a disabled user: with the period [REAL]
        (localstack#8454, amplify-js#5503)."""
        return cls("User is disabled.")

    @classmethod
    def secret_not_received(cls, client_id: str) -> NotAuthorizedException:
        """Top-level ``SecretHash`` missing (SignUp, ConfirmSignUp, ForgotPassword, ...) [REAL
        for SignUp; INF for the others] (cognito-errors.md §2.1)."""
        return cls(f"Client {client_id} is configured for secret but secret was not received")

    @classmethod
    def secret_hash_not_received(cls, client_id: str) -> NotAuthorizedException:
        """``SECRET_HASH`` missing from AuthParameters/ChallengeResponses [REAL]
        (cognito-errors.md §3.5)."""
        return cls(f"Client {client_id} is configured with secret but SECRET_HASH was not "
                   f"received")

    @classmethod
    def secret_hash_mismatch(cls, client_id: str) -> NotAuthorizedException:
        """[WIRE] laravel-aws-cognito-auth#26, [REAL] flutter_cognito_plugin#24."""
        return cls(f"Unable to verify secret hash for client {client_id}")

    @classmethod
    def contact_administrator(cls) -> NotAuthorizedException:
        """ForgotPassword when AccountRecoverySetting is ``admin_only``: moto's text [INF]."""
        return cls("Contact administrator to reset password.")

    @classmethod
    def incorrect_username_or_password(cls) -> NotAuthorizedException:
        """Wrong password, or unknown user under ENABLED [WIRE] localstack#3201."""
        return cls("Incorrect username or password.")

    @classmethod
    def password_attempts_exceeded(cls) -> NotAuthorizedException:
        """During a sign-in lockout [AWS-DOC, REAL] amazon-cognito-identity-js#506."""
        return cls("Password attempts exceeded")

    @classmethod
    def invalid_session(cls) -> NotAuthorizedException:
        """Unknown or garbage Session [REAL] amplify-js#10959."""
        return cls("Invalid session for the user.")

    @classmethod
    def session_expired(cls) -> NotAuthorizedException:
        """A challenge answered after AuthSessionValidity [REAL] (cognito-errors.md §3.6)."""
        return cls("Invalid session for the user, session is expired.")

    @classmethod
    def session_used(cls) -> NotAuthorizedException:
        """A Session reused after it produced tokens [REAL] (cognito-errors.md §3.6)."""
        return cls("Invalid session for the user, session can only be used once.")

    @classmethod
    def invalid_access_token(cls) -> NotAuthorizedException:
        """Malformed, foreign, or an ID token: no period [REAL] (cognito-errors.md §3.8)."""
        return cls("Invalid Access Token")

    @classmethod
    def access_token_expired(cls) -> NotAuthorizedException:
        """[REAL] aws-sdk-ios#1376."""
        return cls("Access Token has expired")

    @classmethod
    def access_token_revoked(cls) -> NotAuthorizedException:
        """[REAL] amplify-js#3435, aws-sdk-java#2449."""
        return cls("Access Token has been revoked")

    @classmethod
    def missing_required_scopes(cls) -> NotAuthorizedException:
        """An access token without ``aws.cognito.signin.user.admin`` on a user operation [REAL]
        amplify-js#1906, aws-sdk-android#1813."""
        return cls("Access Token does not have required scopes")

    @classmethod
    def invalid_refresh_token(cls) -> NotAuthorizedException:
        """Garbage or foreign refresh token, with the period [WIRE] aws-sdk-cpp#1789."""
        return cls("Invalid Refresh Token.")

    @classmethod
    def refresh_token_revoked(cls) -> NotAuthorizedException:
        """[REAL] aws-sdk-net#1936."""
        return cls("Refresh Token has been revoked")

    @classmethod
    def refresh_token_expired(cls) -> NotAuthorizedException:
        """Commonly assumed text; no real quote (cognito-errors.md §3.5) [INF]."""
        return cls("Refresh Token has expired")

    @classmethod
    def unauthorized_attribute(cls) -> NotAuthorizedException:
        """A write the caller may not make, e.g. a developer-only attribute without
        administrator credentials [REAL] (amplify-js#536)."""
        return cls("A client attempted to write unauthorized attribute")

    @classmethod
    def sign_up_not_permitted(cls) -> NotAuthorizedException:
        """SignUp in a pool with ``AllowAdminCreateUserOnly`` [REAL]: quoted, without a period,
        by several projects' troubleshooting notes (public code search)."""
        return cls("SignUp is not permitted for this user pool")


@_register
class InvalidPasswordException(CognitoError):
    """One violated rule per call. Two phrasings exist (reference §2.1, §3.2, defaults §5.3)."""

    #: The rules, as they follow ``...policy: `` [REAL] (reference §2.1).
    NOT_LONG_ENOUGH: ClassVar[str] = "Password not long enough"
    NO_LOWERCASE: ClassVar[str] = "Password must have lowercase characters"
    NO_UPPERCASE: ClassVar[str] = "Password must have uppercase characters"
    NO_NUMBERS: ClassVar[str] = "Password must have numeric characters"
    NO_SYMBOLS: ClassVar[str] = "Password must have symbol characters"

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
class PasswordResetRequiredException(CognitoError):
    """RESET_REQUIRED user signing in: no period in most quotes [REAL]."""

    default_message = "Password reset required for the user"


@_register
class CodeMismatchException(CognitoError):
    """[REAL] amplify-js#11738: the wrong-code text of every code-checking operation."""

    default_message = "Invalid verification code provided, please try again."

    @classmethod
    def auth_state(cls) -> CodeMismatchException:
        """A wrong SMS_MFA / SOFTWARE_TOKEN_MFA / EMAIL_OTP answer [WIRE] amplify-js#11069."""
        return cls("Invalid code or auth state for the user.")


@_register
class ExpiredCodeException(CognitoError):
    """[WIRE] aws-sdk-ios-samples#144: expired, used, or never requested."""

    default_message = "Invalid code provided, please request a code again."

    @classmethod
    def software_token_used(cls) -> ExpiredCodeException:
        """A TOTP code answered again in its 30-second window [AWS-TEST] (cognito-errors.md
        §3.6)."""
        return cls("Your software token has already been used once.")


@_register
class UserNotConfirmedException(CognitoError):
    """[REAL] amazon-cognito-identity-js#288."""

    default_message = "User is not confirmed."


@_register
class PasswordHistoryPolicyViolationException(CognitoError):
    """The new password is one of the last ``PasswordHistorySize`` passwords. No public
    capture of the text exists (cognito-errors.md §7.5); ours is [INF]."""

    default_message = "The password you entered was used recently. Choose a different password."


@_register
class UserLambdaValidationException(CognitoError):
    @classmethod
    def failed(cls, trigger: str, error: str) -> UserLambdaValidationException:
        """``<Trigger> failed with error <text>.``: the LambdaConfig key, the function's error
        text verbatim, and a period always appended (triggers.md §4) [REAL]."""
        return cls(f"{trigger} failed with error {error}.")


@_register
class UnexpectedLambdaException(CognitoError):
    @classmethod
    def invocation_failed(cls, trigger: str, error: str) -> UnexpectedLambdaException:
        """``<Trigger> invocation failed due to error <error>.`` (triggers.md §4) [WIRE]."""
        return cls(f"{trigger} invocation failed due to error {error}.")


@_register
class InvalidLambdaResponseException(CognitoError):
    @classmethod
    def invalid_json(cls) -> InvalidLambdaResponseException:
        """The current text for output Cognito cannot read as the event (triggers.md §4) [REAL]."""
        return cls("Invalid lambda function output : Invalid JSON")


@_register
class CodeDeliveryFailureException(CognitoError):
    default_message = "Invalid email provided/Unable to send the email"


@_register
class UnsupportedTokenTypeException(CognitoError):
    """RevokeToken with something that is not a refresh token of the client's pool (an access
    or ID token, garbage). The text is not captured anywhere public: [INF]."""

    default_message = "Unsupported token type."


@_register
class UnsupportedOperationException(CognitoError):
    @classmethod
    def token_revocation_disabled(cls) -> UnsupportedOperationException:
        """RevokeToken on a client with ``EnableTokenRevocation: false`` (the model: "an
        operation that isn't enabled for the user pool client"); text [INF]."""
        return cls("Token revocation is not enabled for this app client.")


@_register
class UnauthorizedException(CognitoError):
    """RevokeToken's "request isn't authorized" (model). Texts [INF]: the secret ones borrow
    Cognito's wording for the same fault elsewhere (cognito-errors.md §2.1)."""

    @classmethod
    def secret_not_received(cls, client_id: str) -> UnauthorizedException:
        return cls(f"Client {client_id} is configured for secret but secret was not received")

    @classmethod
    def secret_mismatch(cls, client_id: str) -> UnauthorizedException:
        return cls(f"Unable to verify secret hash for client {client_id}")

    @classmethod
    def token_of_another_client(cls) -> UnauthorizedException:
        """A refresh token issued to another app client; the refresh flows' text for a foreign
        token [WIRE] aws-sdk-cpp#1789."""
        return cls("Invalid Refresh Token.")


@_register
class RefreshTokenReuseException(CognitoError):
    """GetTokensFromRefreshToken with a refresh token that rotation replaced, after the
    client's ``RetryGracePeriodSeconds`` (model). Text [INF]."""

    default_message = "Refresh Token has already been used"


@_register
class EnableSoftwareTokenMFAException(CognitoError):
    """VerifySoftwareToken with a wrong code [REAL] aws-samples/aws-amplify-auth-starters#15."""

    default_message = "Code mismatch and fail enable Software Token MFA"


@_register
class SoftwareTokenMFANotFoundException(CognitoError):
    """TOTP not activated for the pool [AWS-DOC] user-pool-settings-mfa-totp (no period)."""

    default_message = "Software Token MFA has not been enabled by the userPool"

    @classmethod
    def not_enabled_by_pool(cls) -> SoftwareTokenMFANotFoundException:
        return cls("Software Token MFA has not been enabled by the userPool")

    @classmethod
    def for_user(cls) -> SoftwareTokenMFANotFoundException:
        """The user has no software token [REAL] amazon-cognito-identity-js#630."""
        return cls("Software Token MFA does not exist for the user.")


@_register
class MFAMethodNotFoundException(CognitoError):
    """An MFA method the user cannot use (a SELECT_MFA_TYPE answer outside MFAS_CAN_CHOOSE);
    no capture of the text, ours is [INF]."""

    default_message = "The MFA method is not available for the user."


@_register
class FeatureUnavailableInTierException(CognitoError):
    @classmethod
    def email_mfa(cls, tier: str) -> FeatureUnavailableInTierException:
        """Email MFA in a LITE pool [AWS-DOC] re:Post knowledge center
        cognito-set-up-email-mfa-user-pool."""
        return cls(f"The following feature is not available for the {tier} pricing tier "
                   f"configured: Email MFA")
