"""The SRP math of :mod:`pytest_cognito_fake.flows.srp`, against the srp.md §8 vector (computed by
and checked against real client code) and against pycognito's own client-side functions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycognito import aws_srp

from pytest_cognito_fake.flows import srp

POOL_ID = "eu-west-1_AbCdEf123"
USER = "alice"
PASSWORD = "Passw0rd!"
SALT = 0xC0FFEE00112233445566778899AABBCC
SMALL_A = int("0123456789abcdef" * 16, 16)
SMALL_B = int("fedcba9876543210" * 4, 16)
BLOCK = bytes(range(64))
TIMESTAMP = "Tue Nov 3 05:09:04 UTC 2026"

# srp.md §8, full values.
V_HEX = (
    "5bd92467617d2dc10b803f1252f7f60efd23a0bc61144312ee87ebe480cca662460c0af4c180ea0011c16a2eb29f45d1"
    "d54fbec8530c7505121343edb9b878aa5cdee56eb8013967c87205a10b7eaedf4eea34a39d57da2502d5b80a5f58f50b"
    "a6a84e1c657226d7ab7d13d401265d43969a317692d68a1c818029ce285ffd53176ed1e83d741643c3145c6780a3dd48"
    "4f2dc25724350065e3a332d094ac13abeebbbe05768c26343e0bd1b477e333e9daada268e20f80911ed98c6f814095b3"
    "d52a7fcf7a44ecb77edcba4e98b6d1a32edba21e6a28eaeb83cdc978b0577f790a83d1fc240a899696afaf005fb01faa"
    "e522f7f9c3fda217725604be75d775a7a6f54ba254a5c78ae18374bce7441d6a0adadded25aa3c59de8a6365d8ca3a4b"
    "c854acbf07d12b2a06538639701a421fa2c155a0ff365f2eca70ae00c9d12ea1e55c4c01dd55e67ce8dd6731667e2b59"
    "cebb61ab8ee4165a583ebd302eb236d71e0eacab79b9b76f91eb05f8d1243ffa85701925e58e019c8b18f064646a7f17"
)
A_HEX = (
    "54b8e4da8991abf64544e5e11b2bd8c7a17bf13cdc3b757a276c8d475af798afd3666395ae0a291861ac9f3181e26318"
    "5ab8006e236972ff0ac89ff60a824bf8c4e19c07106f6f62b7a129f56e73477cd23ce582c6a23d19c5cb2fbf29f32978"
    "fcf0743650a1572c349444cdc3229d5b29c60fdb9f3dfc0ecbd532302115b7aab5016382590f811a5b7caa46ec650538"
    "e1377de9c35a4203edc9b004658d1147caa08516730d40c80409b0bab60fd885ae184434764cc759d8b7905a7c1deff6"
    "46e62540614d40378604b21e170159c1931f362f8003e66b5d81cd0b5996850c0735512ed5c8913864e819e7520b25d6"
    "df825b2372b56398ccb46a2f29e31760d68e468d841518a783046b56c28cfc12d789a725469640ef0db5b557cbe9117f"
    "97d808df3f32c9610e5ef7822593e5ee1289b7f1993ba4406d84926ca459cbcb00d77369492e9363a7ac6191652c8d18"
    "d1c94422fd0e579bcfff161b945072743a4934e650373ecc40acebb84ff209b7c8ba5d5b7cd4a786ba1174323284223"
)
B_HEX = (
    "40be7f24c3a602d8a6b028c25a220eefd28b598c1ff5e956c930a93f65d1414da0408c88c48b117d046d867a650764fb"
    "2fd8a985774ff096c1883b9047f89c766182abca9f1523b7cfc27ca2469856c04fbea6e411f343134b26bc3964e46d1c"
    "e07c9669c28d12fb1e728935c52ab29a027c7c3a94a620a61a2633d397b7332aad469d22f8f8edc30b459187051841e5"
    "f420a5032453e13c1973f38ba119062e9f0411131de363f0c1e0d3384faa8b8063c24d8920a143627152dfa4ff8ec332"
    "5e9977c613c7d1efc5ec0c20769245fd432553a94e13df4aa7bddb6e66a8a156d3cf9aefa6c9199d4af4b6bdbbe84933"
    "6eb3c3e52dce00c60378e3c648fdacc7f51f5c1eeb21cacfcdd95933f144f744ca44c8826fb2245fb1e6a918e98d4c35"
    "e972130cbe914e575cd61911a22097625d697fee419a0672ff7aadb22c62fce2e544f2de2e7d8400c514b866cde090d9"
    "1ab6c998546ffe439cf35582d3614546b614d9e2fda1347bdbe248f0f61924d137a816b7ff1ca0c2587dce93a8110b54"
)


def client_a(a: int = SMALL_A) -> int:
    return pow(2, a, srp.N)


def vector_challenge(b: int = SMALL_B) -> srp.Challenge:
    stored = srp.verifier(POOL_ID, USER, PASSWORD, SALT)
    challenge = srp.begin(USER, stored, client_a(), b, BLOCK)
    assert challenge is not None
    return challenge


# -- group constants -----------------------------------------------------------------------------


def test_group_is_the_rfc_5054_3072_bit_prime_with_cognitos_k() -> None:
    assert srp.N.bit_length() == 3072
    assert int(aws_srp.N_HEX, 16) == srp.N
    assert srp.G == 2
    assert f"{srp.K_MULTIPLIER:064x}" == (
        "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6")
    # Not RFC 5054's k, which pads g to the length of N.
    rfc = int(hashlib.sha256(srp.N.to_bytes(384, "big") + (2).to_bytes(384, "big")).hexdigest(), 16)
    assert rfc != srp.K_MULTIPLIER


@pytest.mark.parametrize("e", [0, 1, 2, 15, 16, 17, 255, 256, 2**255, 2**256 - 1, 2**256,
                               SMALL_A, srp.N - 1, srp.N + 5])
def test_g_pow_equals_pow(e: int) -> None:
    assert srp.g_pow(e) == pow(2, e, srp.N)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**300))
def test_g_pow_equals_pow_for_any_exponent(e: int) -> None:
    assert srp.g_pow(e) == pow(2, e, srp.N)


def test_g_pow_refuses_a_negative_exponent() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        srp.g_pow(-1)


# -- pad -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "hex_bytes"), [
    (0, "00"), (1, "01"), (0x7F, "7f"), (0x80, "0080"), (0xFF, "00ff"), (0x100, "0100"),
    (0x7FFF, "7fff"), (0x8000, "008000"), (SALT, "00c0ffee00112233445566778899aabbcc"),
    # Negative numbers in minimal two's complement (Java's toByteArray, Amplify getPaddedHex).
    (-1, "ff"), (-0x80, "80"), (-0x81, "ff7f"), (-0x4F3A, "b0c6"), (-0x8000, "8000"),
    (-0x8F3A, "ff70c6"), (-0x800, "f800"),
])
def test_pad(n: int, hex_bytes: str) -> None:
    assert srp.pad(n).hex() == hex_bytes


@given(st.integers(min_value=-(2**400), max_value=2**400))
def test_pad_is_minimal_twos_complement(n: int) -> None:
    raw = srp.pad(n)
    assert int.from_bytes(raw, "big", signed=True) == n
    if len(raw) > 1:
        # One byte fewer cannot hold n.
        with pytest.raises(OverflowError):
            n.to_bytes(len(raw) - 1, "big", signed=True)


@given(st.integers(min_value=0, max_value=2**3100))
def test_pad_matches_pycognitos_pad_hex(n: int) -> None:
    assert srp.pad(n) == bytes.fromhex(aws_srp.pad_hex(n))


@pytest.mark.parametrize(("n", "text"), [
    (SALT, "c0ffee00112233445566778899aabbcc"), (0x0F00, "f00"), (1, "1"), (-0x4F3A, "-4f3a")])
def test_to_hex_has_no_leading_zeros_or_sign_byte(n: int, text: str) -> None:
    assert srp.to_hex(n) == text


# -- the verifier --------------------------------------------------------------------------------


def test_pool_name_is_the_part_after_the_first_underscore() -> None:
    assert srp.pool_name(POOL_ID) == "AbCdEf123"
    assert srp.pool_name("us-east-1_a_b") == "a_b"


def test_vector_x_and_v() -> None:
    x = srp.private_key(POOL_ID, USER, PASSWORD, SALT)
    assert f"{x:064x}" == "1cbb37ac9934aef5b29e03b8cd88891cd3d3fd78efe615da5de9aa96772b4ad4"
    stored = srp.verifier(POOL_ID, USER, PASSWORD, SALT)
    assert stored == srp.Verifier(SALT, int(V_HEX, 16))
    assert len(srp.pad(stored.v)) == 384


def test_negative_salt_hashes_its_twos_complement_bytes() -> None:
    inner = hashlib.sha256(b"AbCdEf123alice:Passw0rd!").digest()
    expected = int(hashlib.sha256(bytes.fromhex("b0c6") + inner).hexdigest(), 16)
    assert srp.private_key(POOL_ID, USER, PASSWORD, -0x4F3A) == expected
    # What the unsigned reading of the same hex digits would give is another number.
    assert srp.private_key(POOL_ID, USER, PASSWORD, 0x4F3A) != expected


def test_password_is_hashed_as_utf8_without_normalisation() -> None:
    composed, decomposed = "caf\u00e9!Aa1", "cafe\u0301!Aa1"
    assert srp.private_key(POOL_ID, USER, composed, SALT) != srp.private_key(
        POOL_ID, USER, decomposed, SALT)
    inner = hashlib.sha256(f"AbCdEf123alice:{composed}".encode()).digest()
    assert srp.private_key(POOL_ID, USER, composed, SALT) == int.from_bytes(
        hashlib.sha256(srp.pad(SALT) + inner).digest(), "big")


# -- the exchange (srp.md §8) --------------------------------------------------------------------


def test_vector_b_u_key_and_signature() -> None:
    challenge = vector_challenge()
    assert client_a() == int(A_HEX, 16)
    assert challenge.big_b == int(B_HEX, 16)
    u = srp.scrambler(challenge.a, challenge.big_b)
    assert f"{u:064x}" == "78dae9804edff7dff14b61056a4d45a3665a7c7bc77fb462c6d9922a18628833"
    assert len(srp.pad(u)) == 32
    key = srp.session_key(challenge.a, challenge.big_b, challenge.b, challenge.verifier.v)
    assert key.hex() == "dd61127806f14f19511f8aa50546e7f3"
    signature = srp.claim_signature(key, POOL_ID, USER, BLOCK, TIMESTAMP)
    assert signature == "iFhxi3EIzc2XbiStMdIVCyOz3OaViXVy2lzxzwtxQoQ="
    assert srp.proves_password(POOL_ID, challenge, TIMESTAMP, signature)


def _raw_digest_key(challenge: srp.Challenge) -> bytes:
    """The wrong key a server gets by using the raw 32-byte digest as HKDF salt."""
    digest = hashlib.sha256(srp.pad(challenge.a) + srp.pad(challenge.big_b)).digest()
    u = int.from_bytes(digest, "big")
    s = pow(challenge.a * pow(challenge.verifier.v, u, srp.N) % srp.N, challenge.b, srp.N)
    prk = hmac.digest(digest, srp.pad(s), "sha256")
    return hmac.digest(prk, b"Caldera Derived Key\x01", "sha256")[:16]


@pytest.mark.parametrize(("offset", "u_hex", "pad_len", "key_hex", "signature", "raw_key_hex"), [
    (3, "bb35be49bfd1aa702fa35c70f8dc691aaa79b7b571cff5e6f65e6657d2756ab5", 33,
     "0486244d6f780ede9d023414058e8c8a", "L4Jcf4SukmhmkmEWi3avWQ6qyrZpTc9VjoHCyuRctoE=",
     "25a113e0e1a256ebdefa4a436ac1e121"),
    (2825, "2610c894db37714b3e13354cccad27859f53d16f741494bb31c56223acf989", 31,
     "7f673c77027c43b5143aaa72704bc008", "fKi6QfQ5eeh54K0XcBdl/DXGeOZ02hXdUX4RcWhYx70=",
     "58cc6e8dc5c29161fa90942d725b1fc0"),
])
def test_vector_pad_u_edge_cases(offset: int, u_hex: str, pad_len: int, key_hex: str,
                                 signature: str, raw_key_hex: str) -> None:
    challenge = vector_challenge(SMALL_B + offset)
    u = srp.scrambler(challenge.a, challenge.big_b)
    assert f"{u:x}" == u_hex
    assert len(srp.pad(u)) == pad_len
    key = srp.session_key(challenge.a, challenge.big_b, challenge.b, challenge.verifier.v)
    assert key.hex() == key_hex
    assert srp.claim_signature(key, POOL_ID, USER, BLOCK, TIMESTAMP) == signature
    assert srp.proves_password(POOL_ID, challenge, TIMESTAMP, signature)
    assert _raw_digest_key(challenge).hex() == raw_key_hex != key_hex


def test_vector_secret_block_and_parameters() -> None:
    parameters = vector_challenge().parameters("alice")
    assert parameters == {
        "SALT": "c0ffee00112233445566778899aabbcc",
        "SRP_B": B_HEX,
        "SECRET_BLOCK": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy"
                        "MzQ1Njc4OTo7PD0+Pw==",
        "USERNAME": "alice",
        "USER_ID_FOR_SRP": "alice",
    }


@pytest.mark.parametrize("signature", [
    "iFhxi3EIzc2XbiStMdIVCyOz3OaViXVy2lzxzwtxQoQ",  # padding dropped
    "jFhxi3EIzc2XbiStMdIVCyOz3OaViXVy2lzxzwtxQoQ=",
    "", "not base64 at all", "\ud800",
])
def test_other_signatures_prove_nothing(signature: str) -> None:
    assert not srp.proves_password(POOL_ID, vector_challenge(), TIMESTAMP, signature)


def test_signature_is_bound_to_pool_user_block_and_timestamp() -> None:
    challenge = vector_challenge()
    key = srp.session_key(challenge.a, challenge.big_b, challenge.b, challenge.verifier.v)
    good = srp.claim_signature(key, POOL_ID, USER, BLOCK, TIMESTAMP)
    assert good != srp.claim_signature(key, "eu-west-1_Other", USER, BLOCK, TIMESTAMP)
    assert good != srp.claim_signature(key, POOL_ID, "bob", BLOCK, TIMESTAMP)
    assert good != srp.claim_signature(key, POOL_ID, USER, BLOCK[:-1], TIMESTAMP)
    assert not srp.proves_password(POOL_ID, challenge, "Wed Nov 4 05:09:04 UTC 2026", good)


def test_a_simulated_challenge_proves_nothing() -> None:
    stored = srp.verifier(POOL_ID, USER, PASSWORD, SALT)
    challenge = srp.begin(USER, stored, client_a(), SMALL_B, BLOCK, simulated=True)
    assert challenge is not None
    key = srp.session_key(challenge.a, challenge.big_b, challenge.b, challenge.verifier.v)
    signature = srp.claim_signature(key, POOL_ID, USER, BLOCK, TIMESTAMP)
    assert not srp.proves_password(POOL_ID, challenge, TIMESTAMP, signature)


def test_begin_refuses_a_b_that_makes_big_b_zero() -> None:
    # v chosen so that k·v ≡ -g^b (mod N): B would be 0, which Amplify and .NET refuse.
    v = (-pow(2, SMALL_B, srp.N)) * pow(srp.K_MULTIPLIER, -1, srp.N) % srp.N
    assert srp.begin(USER, srp.Verifier(SALT, v), client_a(), SMALL_B, BLOCK) is None
    assert srp.begin(USER, srp.Verifier(SALT, v), client_a(), SMALL_B + 1, BLOCK) is not None


@settings(max_examples=8, deadline=None)
@given(password=st.text(min_size=6, max_size=20), salt=st.integers(1, 2**128 - 1),
       a=st.integers(1, 2**1024), b=st.integers(1, 2**256 - 1))
def test_server_key_equals_pycognitos_client_key(password: str, salt: int, a: int,
                                                 b: int) -> None:
    client = aws_srp.AWSSRP(USER, password, POOL_ID, "client", client=object())
    client.small_a_value = a
    client.large_a_value = client.calculate_a()
    challenge = srp.begin(USER, srp.verifier(POOL_ID, USER, password, salt),
                          client.large_a_value, b, BLOCK)
    assert challenge is not None
    parameters = challenge.parameters(USER)
    client_key = client.get_password_authentication_key(
        USER, password, int(parameters["SRP_B"], 16), parameters["SALT"])
    assert client_key == srp.session_key(challenge.a, challenge.big_b, challenge.b,
                                         challenge.verifier.v)


# -- SRP_A ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "0", "00", f"{srp.N:x}", f"{srp.N:X}", f"{2 * srp.N:x}", "", "-1a", "0x1a", " 1a", "1a ",
    "1_a", "xyz", "1a\n", "٣", "1" * (srp.MAX_PUBLIC_HEX + 1)])
def test_parse_public_refuses(text: str) -> None:
    assert srp.parse_public(text) is None


@pytest.mark.parametrize(("text", "value"), [
    (A_HEX, int(A_HEX, 16)), (A_HEX.upper(), int(A_HEX, 16)), ("0" + A_HEX.upper(), int(A_HEX, 16)),
    ("1", 1), (f"{srp.N + 1:x}", srp.N + 1)])
def test_parse_public_accepts_hex_of_any_case(text: str, value: int) -> None:
    assert srp.parse_public(text) == value


# -- TIMESTAMP -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "canonical"), [
    ("Tue Nov 3 05:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026"),
    ("Sat Sep 5 23:59:59 UTC 2026", "Sat Sep 5 23:59:59 UTC 2026"),
    ("Thu Jan 1 00:00:00 UTC 1970", "Thu Jan 1 00:00:00 UTC 1970"),
    ("Sun Feb 29 12:00:00 UTC 2032", "Sun Feb 29 12:00:00 UTC 2032"),
    # Parse, then differ from what is signed: a mismatch, not a format error [REAL].
    ("Tue Nov 03 05:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026"),
    ("Mon Nov 3 05:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026"),
    ("Tue Nov 3 5:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026"),
    ("tue NOV 3 05:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026"),
])
def test_canonical_timestamp(text: str, canonical: str) -> None:
    assert srp.canonical_timestamp(text) == canonical


@pytest.mark.parametrize("text", [
    "Tue Nov 3 24:09:04 UTC 2026",  # hour 24 [REAL]
    "Tue Nov 3 15:26:37 +05:30 2026", "Tue Nov 3 15:56:09 IST 2026",  # [REAL]
    "Tue Nov 3 05:09:04 GMT 2026", "Tue Nov 3 05:09:04 utc 2026",
    "Tue Nov 31 05:09:04 UTC 2026", "Sat Feb 29 05:09:04 UTC 2025", "Tue Nov 0 05:09:04 UTC 2026",
    "Tue Nov 3 05:60:04 UTC 2026", "Tue Nov 3 05:09:60 UTC 2026",
    "Di Nov 3 05:09:04 UTC 2026", "Tue Noe 3 05:09:04 UTC 2026", "Tuesday Nov 3 05:09:04 UTC 2026",
    "Tue Nov 3 05:09:04 UTC 26", "Tue Nov 3 05:09:04 UTC 0000", "Tue Nov  3 05:09:04 UTC 2026",
    " Tue Nov 3 05:09:04 UTC 2026", "Tue Nov 3 05:09:04 UTC 2026 ", "Tue Nov 3 05:09 UTC 2026",
    "2026-11-03T05:09:04Z", "1793336944", "Tue Nov ٣ 05:09:04 UTC 2026",
])
def test_malformed_timestamps(text: str) -> None:
    assert srp.canonical_timestamp(text) is None


def test_pycognitos_timestamps_are_canonical() -> None:
    import datetime as dt

    for day in range(1, 29):
        at = dt.datetime(2026, 2, day, 7, 3, 9)
        text = aws_srp.AWSSRP.get_cognito_formatted_timestamp(at)
        assert srp.canonical_timestamp(text) == text == srp.format_timestamp(at)


# -- PreventUserExistenceErrors ------------------------------------------------------------------


def test_simulated_user_is_stable_per_pool_and_username() -> None:
    first = srp.simulated_user(POOL_ID, "ghost")
    assert srp.simulated_user(POOL_ID, "ghost") == first
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        first.user_id)
    assert 0 <= first.verifier.salt < 2**128
    assert 1 < first.verifier.v < srp.N
    others = {srp.simulated_user(POOL_ID, "ghost2"), srp.simulated_user("eu-west-1_Other", "ghost")}
    assert len({first, *others}) == 3
    assert len({u.user_id for u in (first, *others)}) == 3


def test_simulated_parameters_look_like_a_real_challenge() -> None:
    ghost = srp.simulated_user(POOL_ID, "ghost")
    challenge = srp.begin(ghost.user_id, ghost.verifier, client_a(), SMALL_B, BLOCK,
                          simulated=True)
    assert challenge is not None
    parameters = challenge.parameters(ghost.user_id)
    assert set(parameters) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP"}
    assert parameters["USERNAME"] == parameters["USER_ID_FOR_SRP"] == ghost.user_id
    assert re.fullmatch(r"[1-9a-f][0-9a-f]*", parameters["SALT"])
    assert base64.b64decode(parameters["SECRET_BLOCK"], validate=True) == BLOCK
