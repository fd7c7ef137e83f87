"""CognitoFake.seed: pools, clients, groups and users from a dict, a JSON or a YAML file, and
the ``cognito`` marker's ``seed=`` option. Errors name the file, the entry and the field."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from pytest_cognito_fake import CognitoFake
from pytest_cognito_fake._seed import SeededPool, SeedError

SHOP_YAML = """\
user_pools:
  - PoolName: shop
    Schema: [{Name: team, AttributeDataType: String}]
    clients:
      - {ClientName: web}
      - {ClientName: backend, GenerateSecret: true}
    groups:
      - {GroupName: admins, Precedence: 1, Description: The admins}
      - {GroupName: staff}
    users:
      - Username: zed
        Password: Passw0rd!
        Attributes: {email: zed@example.com, email_verified: true, custom:team: red}
        Groups: [admins, staff]
      - Username: amy
        UserAttributes:
          - {Name: email, Value: amy@example.com}
      - Username: kim
        Password: Passw0rd!
        Enabled: false
        UserStatus: RESET_REQUIRED
"""


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


def write(tmp_path: Path, name: str, spec: Any) -> Path:
    path = tmp_path / name
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif name.endswith(".json"):
        path.write_text(json.dumps(spec), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def seed_error(fake: CognitoFake, spec: Any) -> str:
    with pytest.raises(SeedError) as excinfo:
        fake.seed(spec)
    return str(excinfo.value)


# -- what seeding makes -------------------------------------------------------------------------


@pytest.mark.parametrize("as_str", [False, True])
def test_a_yaml_file_makes_pools_clients_groups_and_users(
        cognito_fake: CognitoFake, client: Any, tmp_path: Path, as_str: bool) -> None:
    path = write(tmp_path, "shop.yaml", SHOP_YAML)
    [shop] = cognito_fake.seed(str(path) if as_str else path)
    assert isinstance(shop, SeededPool)
    pool = client.describe_user_pool(UserPoolId=shop.user_pool_id)["UserPool"]
    assert (pool["Name"], pool["Arn"], pool["EstimatedNumberOfUsers"]) == (
        "shop", shop.arn, 3)
    assert "custom:team" in [a["Name"] for a in pool["SchemaAttributes"]]

    assert list(shop.client_ids) == ["web", "backend"]
    web = client.describe_user_pool_client(UserPoolId=shop.user_pool_id,
                                           ClientId=shop.client_ids["web"])["UserPoolClient"]
    assert web["ClientName"] == "web"
    backend = client.describe_user_pool_client(
        UserPoolId=shop.user_pool_id, ClientId=shop.client_ids["backend"])["UserPoolClient"]
    assert shop.client_secrets == {"backend": backend["ClientSecret"]}

    groups = client.list_groups(UserPoolId=shop.user_pool_id)["Groups"]
    assert [(g["GroupName"], g.get("Precedence"), g.get("Description")) for g in groups] == [
        ("admins", 1, "The admins"), ("staff", None, None)]
    assert shop.groups == ("admins", "staff")

    zed = client.admin_get_user(UserPoolId=shop.user_pool_id, Username="zed")
    assert (zed["UserStatus"], zed["Enabled"]) == ("CONFIRMED", True)
    assert zed["UserAttributes"] == [
        {"Name": "sub", "Value": shop.subs["zed"]},
        {"Name": "email", "Value": "zed@example.com"},
        {"Name": "email_verified", "Value": "true"},  # the YAML boolean, as Cognito stores it
        {"Name": "custom:team", "Value": "red"},
    ]
    memberships = client.admin_list_groups_for_user(UserPoolId=shop.user_pool_id,
                                                    Username="zed")["Groups"]
    assert [g["GroupName"] for g in memberships] == ["admins", "staff"]

    amy = client.admin_get_user(UserPoolId=shop.user_pool_id, Username="amy")
    assert amy["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    kim = client.admin_get_user(UserPoolId=shop.user_pool_id, Username="kim")
    assert (kim["UserStatus"], kim["Enabled"]) == ("RESET_REQUIRED", False)
    assert len(cognito_fake.outbox) == 0  # seeding sends no invitations


def test_a_json_file(cognito_fake: CognitoFake, client: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "pools.json", yaml.safe_load(SHOP_YAML))
    [shop] = cognito_fake.seed(path)
    assert [u["Username"] for u in client.list_users(UserPoolId=shop.user_pool_id)["Users"]] \
        == ["amy", "kim", "zed"]


def test_several_pools_come_back_in_order(cognito_fake: CognitoFake) -> None:
    seeded = cognito_fake.seed({"user_pools": [{"PoolName": "a"}, {"PoolName": "b"}]})
    assert [p.name for p in seeded] == ["a", "b"]
    assert seeded[0].user_pool_id != seeded[1].user_pool_id


def test_client_id_shortcut(cognito_fake: CognitoFake) -> None:
    [one, none] = cognito_fake.seed({"user_pools": [
        {"PoolName": "one", "clients": [{"ClientName": "web"}]}, {"PoolName": "none"}]})
    assert one.client_id == one.client_ids["web"]
    with pytest.raises(ValueError, match="pool 'none' has 0 clients"):
        none.client_id  # noqa: B018


def test_temporary_password_and_pinned_sub(cognito_fake: CognitoFake, client: Any) -> None:
    sub = "0b8e1b39-2c64-4a41-9d0b-6f1c3c2f4a11"
    [pool] = cognito_fake.seed({"user_pools": [{"PoolName": "p", "users": [
        {"Username": "zed", "TemporaryPassword": "Temp0rary!",
         "Attributes": [{"Name": "sub", "Value": sub}, {"Name": "email", "Value": "z@x.com"}]},
    ]}]})
    assert pool.subs == {"zed": sub}
    user = client.admin_get_user(UserPoolId=pool.user_pool_id, Username="zed")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["UserAttributes"][0] == {"Name": "sub", "Value": sub}
    # the sub is a sign-in key of email pools, and any pool finds the user by it
    assert client.list_users(UserPoolId=pool.user_pool_id, Filter=f'sub = "{sub}"')[
        "Users"][0]["Username"] == "zed"


def test_a_list_users_dump_seeds_the_same_users(cognito_fake: CognitoFake,
                                                client: Any) -> None:
    [pool] = cognito_fake.seed(yaml.safe_load(SHOP_YAML))
    dump = client.list_users(UserPoolId=pool.user_pool_id)["Users"]
    with CognitoFake(random_seed=99) as other:
        [copy] = other.seed({"user_pools": [{
            "PoolName": "copy", "Schema": [{"Name": "team", "AttributeDataType": "String"}],
            "users": dump,
        }]})
        again = other.client().list_users(UserPoolId=copy.user_pool_id)["Users"]
    assert again == dump  # attributes, subs, dates, status and Enabled
    assert copy.subs == pool.subs


def test_email_as_username(cognito_fake: CognitoFake, client: Any) -> None:
    [pool] = cognito_fake.seed({"user_pools": [{
        "PoolName": "p", "UsernameAttributes": ["email"],
        "users": [{"Username": "zed@example.com", "Password": "Passw0rd!"}]}]})
    user = client.admin_get_user(UserPoolId=pool.user_pool_id, Username="zed@example.com")
    sub = pool.subs["zed@example.com"]
    assert user["Username"] == sub  # stored under its sub, as AdminCreateUser does
    assert {"Name": "email", "Value": "zed@example.com"} in user["UserAttributes"]


def test_same_spec_and_random_seed_give_the_same_ids() -> None:
    spec = yaml.safe_load(SHOP_YAML)
    runs = []
    for seed in (7, 7, 8):
        fake = CognitoFake(random_seed=seed)
        runs.append(fake.seed(spec))
    assert runs[0] == runs[1]
    assert runs[0][0].user_pool_id != runs[2][0].user_pool_id


@pytest.mark.cognito(seed={"user_pools": [{"PoolName": "from-marker",
                                           "users": [{"Username": "zed"}]}]})
def test_the_marker_seeds_the_fixture(client: Any) -> None:
    pools = client.list_user_pools(MaxResults=10)["UserPools"]
    assert [p["Name"] for p in pools] == ["from-marker"]
    users = client.list_users(UserPoolId=pools[0]["Id"])["Users"]
    assert [u["Username"] for u in users] == ["zed"]


#: A marker argument is evaluated at collection, so its file must exist by then.
MARKER_SEED = Path(tempfile.mkdtemp(prefix="cognito-seed-")) / "marker.yaml"
MARKER_SEED.write_text("user_pools: [{PoolName: from-file}]\n", encoding="utf-8")


@pytest.mark.cognito(seed=MARKER_SEED)
def test_the_marker_takes_a_file(cognito_fake: CognitoFake) -> None:
    assert [p["Name"] for p in cognito_fake.call("ListUserPools", MaxResults=10)[
        "UserPools"]] == ["from-file"]


@pytest.mark.cognito(seed=str(MARKER_SEED), random_seed=5)
def test_the_marker_seed_is_deterministic(cognito_fake: CognitoFake) -> None:
    with CognitoFake(seed=MARKER_SEED, random_seed=5) as again:
        ids = [[p["Id"] for p in fake.call("ListUserPools", MaxResults=10)["UserPools"]]
               for fake in (again, cognito_fake)]
    assert ids[0] == ids[1]


# -- errors name the file, the entry and the field ----------------------------------------------


def test_attribute_outside_the_schema(cognito_fake: CognitoFake, tmp_path: Path) -> None:
    path = write(tmp_path, "shop.yaml", {"user_pools": [{"PoolName": "shop", "users": [
        {"Username": "a"}, {"Username": "b"}, {"Username": "c"},
        {"Username": "d", "Attributes": {"custom:x": "1"}}]}]})
    assert seed_error(cognito_fake, path) == (
        f"{path}: user_pools[0].users[3].Attributes: custom:x: Attribute does not exist in "
        "the schema.")


@pytest.mark.parametrize(("spec", "message"), [
    ({"pools": []}, "seed: pools: unknown key; the spec's only key is user_pools"),
    ({"user_pools": {"PoolName": "x"}}, "seed: user_pools: expected a list, got dict"),
    ({"user_pools": [{"PoolName": "p", "PoolNmae": "x"}]},
     "seed: user_pools[0].PoolNmae: not a parameter of CreateUserPool (one of: "),
    ({"user_pools": [{"Policies": {}}]},
     "seed: user_pools[0].PoolName: 1 validation error detected: Value null at 'poolName' "
     "failed to satisfy constraint: Member must not be null"),
    ({"user_pools": [{"PoolName": "p" * 129}]},
     f"seed: user_pools[0].PoolName: 1 validation error detected: Value '{'p' * 129}' at "
     "'poolName' failed to satisfy constraint: Member must have length less than or equal to "
     "128"),
    ({"user_pools": [{"PoolName": "p", "MfaConfiguration": "SOMETIMES"}]},
     "seed: user_pools[0].MfaConfiguration: 1 validation error detected: Value 'SOMETIMES' at "
     "'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: "
     "[OFF, ON, OPTIONAL]"),
    ({"user_pools": [{"PoolName": "p",
                      "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": "yes"}}]},
     "seed: user_pools[0].AdminCreateUserConfig.AllowAdminCreateUserOnly: expected a boolean, "
     "got str"),
    ({"user_pools": [{"PoolName": "p", "AliasAttributes": ["email"],
                      "UsernameAttributes": ["email"]}]},
     "seed: user_pools[0]: Only one of the aliasAttributes or usernameAttributes can be set "
     "in a User Pool."),
    ({"user_pools": [{"PoolName": "p", "clients": [{"ClientName": "w", "UserPoolId": "x"}]}]},
     "seed: user_pools[0].clients[0].UserPoolId: not a parameter of CreateUserPoolClient"),
    ({"user_pools": [{"PoolName": "p", "clients": [{"ClientName": "w"}, {"ClientName": "w"}]}]},
     "seed: user_pools[0].clients[1].ClientName: a second client named 'w'"),
    ({"user_pools": [{"PoolName": "p", "clients": [{"ClientName": "w",
                                                    "ReadAttributes": ["custom:nope"]}]}]},
     "seed: user_pools[0].clients[0]: Invalid read attributes specified while creating a "
     "client"),
    ({"user_pools": [{"PoolName": "p", "groups": [{"GroupName": "g", "Precedence": "1"}]}]},
     "seed: user_pools[0].groups[0].Precedence: expected an integer, got str"),
    ({"user_pools": [{"PoolName": "p", "groups": [{"GroupName": "g"}, {"GroupName": "g"}]}]},
     "seed: user_pools[0].groups[1].GroupName: A group with the name already exists."),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a", "Groups": ["nope"]}]}]},
     "seed: user_pools[0].users[0].Groups[0]: 'nope' is not one of this pool entry's groups"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a"}, {"Username": "a"}]}]},
     "seed: user_pools[0].users[1].Username: User account already exists"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Attributes": {}}]}]},
     "seed: user_pools[0].users[0].Username: required: 1 to 128 letters"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a b"}]}]},
     "seed: user_pools[0].users[0].Username: required: 1 to 128 letters"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a", "Pasword": "x"}]}]},
     "seed: user_pools[0].users[0].Pasword: not a user key"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a", "Password": "short"}]}]},
     "seed: user_pools[0].users[0].Password: Password does not conform to policy: Password "
     "not long enough"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a", "UserStatus": "HAPPY"}]}]},
     "seed: user_pools[0].users[0].UserStatus: 'HAPPY' is not one of ARCHIVED, COMPROMISED"),
    ({"user_pools": [{"PoolName": "p", "users": [{"Username": "a", "Enabled": "yes"}]}]},
     "seed: user_pools[0].users[0].Enabled: expected true or false, got 'yes'"),
    ({"user_pools": [{"PoolName": "p", "users": [
        {"Username": "a", "Attributes": {"email": "not-an-email"}}]}]},
     "seed: user_pools[0].users[0].Attributes: Invalid email address format."),
    ({"user_pools": [{"PoolName": "p", "users": [
        {"Username": "a", "Attributes": {"email": ["x"]}}]}]},
     "seed: user_pools[0].users[0].Attributes.email: expected a string value, got ['x']"),
    ({"user_pools": [{"PoolName": "p", "UsernameAttributes": ["email"],
                      "users": [{"Username": "zed"}]}]},
     "seed: user_pools[0].users[0].Username: Username should be an email."),
    ({"user_pools": [{"PoolName": "p", "UsernameAttributes": ["email"], "users": [
        {"Username": "z@x.com"}, {"Username": "z@x.com"}]}]},
     "seed: user_pools[0].users[1].Username: An account with the given email already exists."),
    ({"user_pools": [{"PoolName": "p", "AliasAttributes": ["email"], "users": [
        {"Username": "a", "Attributes": {"email": "z@x.com", "email_verified": "true"}},
        {"Username": "b", "Attributes": {"email": "Z@x.com", "email_verified": "true"}}]}]},
     "seed: user_pools[0].users[1].Attributes.email: An account with the given email already "
     "exists."),
    ({"user_pools": [{"PoolName": "p", "AliasAttributes": ["email"], "users": [
        {"Username": "a@x.com"}]}]},
     "seed: user_pools[0].users[0].Username: Username cannot be of email format, since user "
     "pool is configured for email alias."),
    ({"user_pools": [{"PoolName": "p", "users": [
        {"Username": "a", "UserCreateDate": "yesterday"}]}]},
     "seed: user_pools[0].users[0].UserCreateDate: expected epoch seconds, an ISO 8601 date "
     "or a datetime, got 'yesterday'"),
])
def test_errors_name_the_entry_and_the_field(cognito_fake: CognitoFake, spec: Any,
                                             message: str) -> None:
    assert seed_error(cognito_fake, spec).startswith(message)


def test_errors_in_json_files_name_the_file(cognito_fake: CognitoFake, tmp_path: Path) -> None:
    path = write(tmp_path, "pools.json", {"user_pools": [{"PoolName": "p", "clients": [
        {"ClientName": "web", "GenerateSecret": "yes"}]}]})
    assert seed_error(cognito_fake, path) == (
        f"{path}: user_pools[0].clients[0].GenerateSecret: expected a boolean, got str")


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("bad.yaml", "user_pools: [", "not valid YAML"),
    ("bad.json", "{", "not valid JSON"),
    ("seed.txt", "{}", "a seed file ends in .json, .yaml or .yml"),
])
def test_unreadable_files(cognito_fake: CognitoFake, tmp_path: Path, name: str, text: str,
                          problem: str) -> None:
    path = write(tmp_path, name, text)
    assert seed_error(cognito_fake, path).startswith(f"{path}: {problem}")


def test_a_file_holding_a_list(cognito_fake: CognitoFake, tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- PoolName: p\n")
    assert seed_error(cognito_fake, path) == (
        f"{path}: the spec must be a mapping with a user_pools list, not list")


def test_a_missing_file(cognito_fake: CognitoFake, tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert seed_error(cognito_fake, path) == (
        f"{path}: cannot read the seed file: No such file or directory")


def test_seed_takes_a_dict_or_a_path(cognito_fake: CognitoFake) -> None:
    with pytest.raises(TypeError, match="seed takes a dict or the path"):
        cognito_fake.seed(42)  # type: ignore[arg-type]


def test_seed_error_is_a_value_error() -> None:
    assert issubclass(SeedError, ValueError)
