"""ListUsers with a Filter over 100,000 seeded users, through a boto3 client.

    python benchmarks/bench_list_users.py

The pool is seeded with ``fake.seed(...)``. ListUsers builds a sorted index per filtered attribute
on first use (and again after users change), so the first page is timed on its own; the pages
after it are the steady state a test sees.
"""

from __future__ import annotations

from typing import Any

import _timing  # beside this file: benchmarks run as scripts

USERS = 100_000
NUMBER = 5
ROUNDS = 20
TARGET_SECONDS = 20e-3

FILTERS = {
    "email = (one match)": 'email = "user054321@example.com"',
    "email ^= (11,111 matches, page of 60)": 'email ^= "user05"',
    'cognito:user_status = "CONFIRMED" (50,000 matches, page of 60)':
        'cognito:user_status = "CONFIRMED"',
}


def seed_spec(users: int) -> dict[str, Any]:
    return {"user_pools": [{
        "PoolName": "big",
        "users": [
            {"Username": f"user{n:06}",
             "Attributes": {"email": f"user{n:06}@example.com", "email_verified": "true"},
             **({"Password": "Passw0rd!"} if n % 2 else {})}
            for n in range(users)
        ],
    }]}


def run(*, users: int = USERS, number: int = NUMBER, rounds: int = ROUNDS) -> dict[str, Any]:
    import boto3

    from pytest_cognito_fake import CognitoFake

    fake = CognitoFake()
    spec = seed_spec(users)
    with fake:
        seconds_to_seed = _timing.once(lambda: fake.seed(spec))
        pool_id = fake.call("ListUserPools", MaxResults=1)["UserPools"][0]["Id"]
        client = boto3.session.Session().client(
            "cognito-idp", region_name=fake.region, aws_access_key_id="testing",
            aws_secret_access_key="testing")

        def page(filter_: str, token: str | None = None) -> Any:
            kwargs = {"PaginationToken": token} if token else {}
            return client.list_users(UserPoolId=pool_id, Filter=filter_, Limit=60, **kwargs)

        first: dict[str, float] = {}
        for name, filter_ in FILTERS.items():
            first[name] = _timing.once(lambda f=filter_: page(f))  # type: ignore[misc]
        # A later page of each filter: the token of page 1, then time page 2 again and again.
        tokens = {name: page(f).get("PaginationToken") for name, f in FILTERS.items()}
        later = _timing.compare(
            {name: (lambda f=f, t=tokens[name]: page(f, t)) for name, f in FILTERS.items()},
            number=number, rounds=rounds)
        unfiltered = _timing.compare(
            {"no filter": lambda: client.list_users(UserPoolId=pool_id, Limit=60)},
            number=number, rounds=rounds)
        # A user changes, then the same filter is asked again: the index is patched, not rebuilt.
        client.admin_update_user_attributes(
            UserPoolId=pool_id, Username="user000001",
            UserAttributes=[{"Name": "email", "Value": "changed000001@example.com"}])
        after_change = _timing.once(lambda: page(next(iter(FILTERS.values()))))
    return {"users": users, "seed": seconds_to_seed, "first": first, "later": later,
            "unfiltered": unfiltered, "after_change": after_change}


def report(results: dict[str, Any]) -> str:
    later: _timing.Samples = results["later"]
    rows = [[name, _timing.ms(results["first"][name]), _timing.ms(later.median(name))]
            for name in FILTERS]
    rows.append(["no filter", "", _timing.ms(results["unfiltered"].median("no filter"))])
    worst = max(later.median(name) for name in FILTERS)
    verdict = "met" if worst <= TARGET_SECONDS else "MISSED"
    first = max(results["first"].values())
    first_verdict = "within" if first <= TARGET_SECONDS else "NOT within"
    return "\n".join([
        f"### ListUsers over {results['users']:,} users",
        "",
        f"Seeding {results['users']:,} users with `fake.seed(...)`: "
        f"{results['seed']:.2f} s.",
        "",
        _timing.table(["Filter", "first query, ms", "median ms per page, index built"], rows),
        "",
        "Seeding builds the indexes of a big pool, so a first query finds them ready; the "
        "median is of a page fetched with a PaginationToken (the only page, for the one-match "
        "filter). After a user changes, the next query patches the index: "
        f"{_timing.ms(results['after_change'])} ms.",
        "",
        f"Target: at most {_timing.ms(TARGET_SECONDS)} ms a page: **{verdict}** "
        f"(slowest filter {_timing.ms(worst)} ms a page). The slowest first query is "
        f"{first_verdict} the target too ({_timing.ms(first)} ms).",
    ])


if __name__ == "__main__":
    print(report(run()))
