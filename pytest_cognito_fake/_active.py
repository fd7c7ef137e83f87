"""Which fake answers right now: a stack, so nested fakes shadow outer ones."""

from __future__ import annotations

from pytest_cognito_fake.operations._context import Backend

STACK: list[Backend] = []


def current() -> Backend | None:
    return STACK[-1] if STACK else None
