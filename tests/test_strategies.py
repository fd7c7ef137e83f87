"""``pytest_cognito_fake.strategies``: each strategy keeps its promise, checked by the fake's own
rules (the pure checkers, the model's validation) and through boto3 against a fresh fake."""

from __future__ import annotations

import functools
from typing import Any

import attrs
import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from pytest_cognito_fake import _model, mock_cognito
from pytest_cognito_fake import strategies as cst
from pytest_cognito_fake._defaults import STANDARD_ATTRIBUTE_NAMES
from pytest_cognito_fake._validation import validate_input
from pytest_cognito_fake.flows import attributes, usernames
from pytest_cognito_fake.flows.passwords import PasswordPolicy, violation
from pytest_cognito_fake.strategies import RULES
from tests.conftest import error_of

#: Examples that go through boto3 build a fake each: fewer of them, and no deadline.
WIRE = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
POOL_ID = "us-east-1_example1"


@functools.cache
def client() -> Any:
    # One client for all examples: clients hold no state, each example's fake answers it.
    return boto3.client("cognito-idp", region_name="us-east-1")


def valid_request(operation: str, **params: Any) -> None:
    """The fake's model-driven input validation, as every request gets it."""
    validate_input(_model.input_shape(operation), params)


def attribute_list(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in values.items()]


# -- usernames, emails, phone numbers ----------------------------------------------------------


@given(cst.usernames())
def test_usernames_fit_the_model_and_every_pool_without_username_attributes(name: str) -> None:
    valid_request("AdminCreateUser", UserPoolId=POOL_ID, Username=name)
    usernames.check_not_alias_format(name, ["email", "phone_number"])


@WIRE
@given(name=cst.usernames())
@mock_cognito
def test_a_drawn_username_signs_up_as_itself(name: str) -> None:
    pool_id = client().create_user_pool(PoolName="p", AliasAttributes=["email", "phone_number"])[
        "UserPool"]["Id"]

    client().admin_create_user(UserPoolId=pool_id, Username=name)

    assert client().admin_get_user(UserPoolId=pool_id, Username=name)["Username"] == name


@given(cst.emails())
def test_emails_are_emails_and_usernames(email: str) -> None:
    assert usernames.is_email(email)
    assert usernames.sign_in_attribute(email, ["email"]) == "email"
    valid_request("AdminCreateUser", UserPoolId=POOL_ID, Username=email)


@given(cst.emails(domains=st.just("example.com")))
def test_emails_take_their_domains_from_a_strategy(email: str) -> None:
    assert email.endswith("@example.com")
    assert usernames.is_email(email)


@given(cst.phone_numbers())
def test_phone_numbers_are_e164_and_usernames(phone: str) -> None:
    assert usernames.is_phone_number(phone)
    assert 8 <= len(phone) <= 16
    assert usernames.sign_in_attribute(phone, ["phone_number"]) == "phone_number"


@WIRE
@given(email=cst.emails(), phone=cst.phone_numbers())
@mock_cognito
def test_emails_and_phone_numbers_are_accepted_as_attributes_and_usernames(email: str,
                                                                         phone: str) -> None:
    pool_id = client().create_user_pool(
        PoolName="p", UsernameAttributes=["email", "phone_number"])["UserPool"]["Id"]

    client().admin_create_user(UserPoolId=pool_id, Username=email, UserAttributes=[
        {"Name": "phone_number", "Value": phone}])

    user = client().admin_get_user(UserPoolId=pool_id, Username=email)
    values = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert (values["email"], values["phone_number"]) == (email, phone)


# -- passwords -------------------------------------------------------------------------------


def only(rule: str, policy: PasswordPolicy) -> PasswordPolicy:
    """A policy that checks nothing but ``rule`` (as ``policy`` sets it)."""
    return PasswordPolicy(
        minimum_length=policy.minimum_length if rule == "length" else 0,
        require_lowercase=rule == "lowercase" and policy.require_lowercase,
        require_uppercase=rule == "uppercase" and policy.require_uppercase,
        require_numbers=rule == "numbers" and policy.require_numbers,
        require_symbols=rule == "symbols" and policy.require_symbols,
    )


def breakable(policy: PasswordPolicy, rule: str) -> bool:
    classes = [policy.require_lowercase, policy.require_uppercase, policy.require_numbers,
               policy.require_symbols]
    if rule == "length":
        return max(1, sum(classes)) <= policy.minimum_length - 1
    return bool(getattr(policy, f"require_{rule}"))


@given(st.data(), cst.password_policies())
def test_passwords_satisfy_their_policy(data: st.DataObject, policy: PasswordPolicy) -> None:
    password = data.draw(cst.passwords(policy=policy))

    assert violation(policy, password) is None
    valid_request("AdminSetUserPassword", UserPoolId=POOL_ID, Username="u", Password=password)


@given(cst.passwords())
def test_the_default_policy_is_a_name_only_pools(password: str) -> None:
    assert violation(PasswordPolicy(), password) is None


@given(st.data(), cst.password_policies(), st.sampled_from(sorted(RULES)))
def test_a_password_breaking_a_rule_breaks_that_rule_only(
        data: st.DataObject, policy: PasswordPolicy, rule: str) -> None:
    if not breakable(policy, rule):
        policy = attrs.evolve(policy, minimum_length=8, require_lowercase=True)
        rule = "lowercase" if rule != "length" else rule
    password = data.draw(cst.passwords(policy=policy, breaking=rule))

    assert violation(policy, password) == RULES[rule]
    for other in RULES:
        if other != rule:
            assert violation(only(other, policy), password) is None, other
    valid_request("AdminSetUserPassword", UserPoolId=POOL_ID, Username="u", Password=password)


@WIRE
@given(data=st.data(), policy=cst.password_policies(), rule=st.sampled_from(sorted(RULES)))
@mock_cognito
def test_cognito_answers_a_broken_password_with_that_rule(data: st.DataObject,
                                                          policy: PasswordPolicy,
                                                          rule: str) -> None:
    if not breakable(policy, rule):
        policy = attrs.evolve(policy, require_numbers=True)
        rule = "numbers"
    params = cst._policy_params(policy)
    pool_id = client().create_user_pool(PoolName="p", Policies={"PasswordPolicy": params})[
        "UserPool"]["Id"]
    client().admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    good = data.draw(cst.passwords(policy=policy), label="good")
    bad = data.draw(cst.passwords(policy=policy, breaking=rule), label="bad")

    client().admin_set_user_password(UserPoolId=pool_id, Username="ana", Password=good,
                                     Permanent=True)
    with pytest.raises(ClientError) as excinfo:
        client().admin_set_user_password(UserPoolId=pool_id, Username="ana", Password=bad,
                                         Permanent=True)

    assert error_of(excinfo) == (
        "InvalidPasswordException", f"Password does not conform to policy: {RULES[rule]}", 400)


@pytest.mark.parametrize(("strategy", "message"), [
    (cst.passwords(breaking="colour"),
     "breaking='colour' must be one of 'length', 'lowercase', 'uppercase', 'numbers', "
     "'symbols'"),
    (cst.passwords(policy=PasswordPolicy(require_symbols=False), breaking="symbols"),
     "breaking='symbols': the policy does not require symbols, so no password breaks that "
     "rule (PasswordPolicy(minimum_length=8, require_uppercase=True, require_lowercase=True, "
     "require_numbers=True, require_symbols=False, temporary_password_validity_days=7))"),
    (cst.passwords(policy=PasswordPolicy(minimum_length=4), breaking="length"),
     "no password of 4 to 3 characters fits PasswordPolicy(minimum_length=4, "
     "require_uppercase=True, require_lowercase=True, require_numbers=True, "
     "require_symbols=True, temporary_password_validity_days=7) while breaking 'length'"),
    (cst.passwords(policy={"MinimumLength": 8}),  # type: ignore[arg-type]
     "policy={'MinimumLength': 8} must be a PasswordPolicy (pytest_cognito_fake.flows.passwords)"),
    (cst.emails(domains="example.com"),  # type: ignore[arg-type]
     "domains='example.com' must be a hypothesis strategy"),
    (cst.attribute_maps(schema="email"),  # type: ignore[arg-type]
     "schema='email' must be a pool's SchemaAttributes list or a flows.attributes.Schema"),
    (cst.seed_specs(max_users=-1), "max_users=-1 must be a whole number, 0 or more"),
])
def test_bad_options_are_invalid_arguments_when_drawn(strategy: Any, message: str) -> None:
    with pytest.raises(InvalidArgument) as excinfo:
        find(strategy, lambda _: True)

    assert str(excinfo.value) == message


def test_reprs_show_how_a_strategy_was_built() -> None:
    assert repr(cst.passwords(breaking="symbols")) == "passwords(breaking='symbols')"
    assert repr(cst.emails()) == "emails()"
    assert repr(cst.user_records(pool={"PoolName": "p"})) == \
        "user_records(pool={'PoolName': 'p'})"


# -- policies, pools, attributes -------------------------------------------------------------


@WIRE
@given(policy=cst.password_policies())
@mock_cognito
def test_password_policies_round_trip_through_create_user_pool(policy: PasswordPolicy) -> None:
    pool = client().create_user_pool(
        PoolName="p", Policies={"PasswordPolicy": cst._policy_params(policy)})["UserPool"]

    assert PasswordPolicy.from_settings(pool["Policies"]["PasswordPolicy"]) == policy


@WIRE
@given(params=cst.user_pools())
@mock_cognito
def test_user_pools_are_what_create_user_pool_takes(params: dict[str, Any]) -> None:
    pool = client().create_user_pool(**params)["UserPool"]

    assert pool["Name"] == params["PoolName"]
    expected = {
        a["Name"] if a["Name"] in STANDARD_ATTRIBUTE_NAMES else
        ("dev:custom:" if a.get("DeveloperOnlyAttribute") else "custom:") + a["Name"]
        for a in params.get("Schema", [])}
    assert expected <= {a["Name"] for a in pool["SchemaAttributes"]}


@given(st.data(), cst.password_policies())
def test_user_pools_with_given_policies_always_have_one(data: st.DataObject,
                                                        policy: PasswordPolicy) -> None:
    params = data.draw(cst.user_pools(policies=st.just(policy)))

    assert PasswordPolicy.from_settings(params["Policies"]["PasswordPolicy"]) == policy


@given(st.data(), cst.user_pools())
def test_attribute_maps_pass_the_schema_checks_of_sign_up(data: st.DataObject,
                                                          params: dict[str, Any]) -> None:
    from pytest_cognito_fake.operations.pools import _schema

    schema = _schema(list(params.get("Schema", [])))
    values = data.draw(cst.attribute_maps(schema=schema))

    created = attributes.for_create(attributes.Schema.from_pool(schema), list(values.items()),
                                    enforce_required=True, developer_access=False)
    assert created == values


@given(cst.attribute_maps())
def test_attribute_maps_default_to_the_standard_schema(values: dict[str, str]) -> None:
    assert "sub" not in values
    for name in ("email_verified", "phone_number_verified"):
        if name in values:
            assert values[name.removesuffix("_verified")]
    valid_request("AdminCreateUser", UserPoolId=POOL_ID, Username="u",
                  UserAttributes=attribute_list(values))


@WIRE
@given(data=st.data(), params=cst.user_pools())
@mock_cognito
def test_attribute_maps_for_a_described_pool_create_that_user(data: st.DataObject,
                                                             params: dict[str, Any]) -> None:
    params.pop("UsernameAttributes", None)
    pool = client().create_user_pool(**params)["UserPool"]
    values = data.draw(cst.attribute_maps(schema=pool["SchemaAttributes"]))

    client().admin_create_user(UserPoolId=pool["Id"], Username="u", MessageAction="SUPPRESS",
                               UserAttributes=attribute_list(values))

    user = client().admin_get_user(UserPoolId=pool["Id"], Username="u")
    stored = {a["Name"]: a["Value"] for a in user["UserAttributes"] if a["Name"] != "sub"}
    assert stored == values


# -- user records and seed specs -------------------------------------------------------------


@WIRE
@given(data=st.data(), params=cst.user_pools())
@mock_cognito
def test_a_user_record_seeds_in_its_pool(data: st.DataObject, params: dict[str, Any],
                                         cognito_fake: Any) -> None:
    record = data.draw(cst.user_records(pool=params))

    seeded = cognito_fake.seed({"user_pools": [{**params, "users": [record]}]})[0]

    user = client().admin_get_user(UserPoolId=seeded.user_pool_id, Username=record["Username"])
    status = ("CONFIRMED" if "Password" in record else "FORCE_CHANGE_PASSWORD")
    assert (user["UserStatus"], user["Enabled"]) == (status, record.get("Enabled", True))
    stored = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert record["Attributes"].items() <= stored.items()


@given(cst.user_records())
def test_user_records_default_to_a_name_only_pool(record: dict[str, Any]) -> None:
    for key in ("Password", "TemporaryPassword"):
        if key in record:
            assert violation(PasswordPolicy(), record[key]) is None
    valid_request("AdminCreateUser", UserPoolId=POOL_ID, Username=record["Username"],
                  UserAttributes=attribute_list(record["Attributes"]))


@WIRE
@given(spec=cst.seed_specs())
@mock_cognito
def test_seed_specs_seed_every_user(spec: dict[str, Any], cognito_fake: Any) -> None:
    seeded = cognito_fake.seed(spec)[0]

    users = client().list_users(UserPoolId=seeded.user_pool_id)["Users"]
    assert len(users) == len(spec["user_pools"][0]["users"])
    assert list(seeded.client_ids) == ["app"]
