"""pytest-cognito-fake: a faithful, in-memory Amazon Cognito user pool service for pytest."""

from pytest_cognito_fake._fake import CognitoFake, mock_cognito
from pytest_cognito_fake._seed import SeededPool, SeedError
from pytest_cognito_fake.errors import CognitoError
from pytest_cognito_fake.operations._triggers import LambdaInvocationError

__version__ = "0.1.0.dev0"

__all__ = (
    "CognitoError",
    "CognitoFake",
    "LambdaInvocationError",
    "SeedError",
    "SeededPool",
    "__version__",
    "mock_cognito",
)
