"""SRP-6a as Amazon Cognito runs it (``USER_SRP_AUTH`` / ``PASSWORD_VERIFIER``): the server's math.

Facts: reference srp.md. Cognito never published its server, so every formula here is the one
the clients compute [CODE: pycognito ``aws_srp.py``, amazon-cognito-identity-js
``AuthenticationHelper.js``, Amplify ``utils/srp/``, the .NET and Android SDKs]; all of them must
derive the same key, so the server has exactly one choice. The §8 vector of srp.md pins the
results (``tests/test_flows_srp.py``).

- Group: the 3072-bit MODP prime of RFC 5054 (= RFC 3526 group 15), ``g = 2``, ``H = SHA-256``.
- ``k = H(pad(N) ‖ pad(g))``: g is *not* padded to the length of N as RFC 5054 would (§1).
- Verifier (§2): ``x = H(pad(salt) ‖ H(poolName ‖ USER_ID_FOR_SRP ‖ ":" ‖ password))``,
  ``v = g^x``, where poolName is the pool id after its first ``_``.
- Exchange (§3, §4): ``B = k·v + g^b``, ``u = H(pad(A) ‖ pad(B))``, ``S = (A·v^u)^b``,
  ``K = HKDF-SHA256(salt=pad(u), ikm=pad(S), info="Caldera Derived Key")[:16]``.
- Proof (§5): ``PASSWORD_CLAIM_SIGNATURE = Base64(HMAC(K, poolName ‖ USER_ID_FOR_SRP ‖
  SECRET_BLOCK bytes ‖ TIMESTAMP))``, the TIMESTAMP taken in its canonical form (§5.1).

Pure: the random values (``b``, the salt, the SECRET_BLOCK bytes) come in as arguments. The
group's fixed-base table below is a deterministic constant built on first use: it makes ``g^e``
about five times faster than ``pow`` (SRP's exponentiations are most of a sign-in's cost).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import re

import attrs

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
#: The group's prime (3072 bits).
N = int(N_HEX, 16)
#: The generator.
G = 2
#: ``SRP_A`` is at most this many hex digits: N has 768; .NET adds a ``0`` before a set top bit,
#: and a few leading zeros are harmless. A bound keeps a huge number from costing the fake time
#: (faiscadev/fakecloud PR #1961 found such a DoS) [INF].
MAX_PUBLIC_HEX = 1024
#: HKDF's info string [CODE: every client].
DERIVED_KEY_INFO = b"Caldera Derived Key"
#: Bytes of a TIMESTAMP's names, in Cognito's (English) spelling [CODE: every client].
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pad(n: int) -> bytes:
    """The bytes SRP hashes for ``n``: its minimal big-endian two's-complement encoding.

    This is Java's ``BigInteger.toByteArray()`` and every JS/Python client's ``padHex``: a
    positive number whose top bit is set gains one ``00`` byte, no other leading zero is kept;
    a negative number (only simulated salts, srp.md §6) is in two's complement, so
    ``pad(-0x80) == b"\\x80"`` and ``pad(-0x4f3a) == b"\\xb0\\xc6"`` [CODE: Amplify
    ``getPaddedHex.ts``]. The length counts the bits of ``~n`` for a negative ``n``: srp.md's
    one-liner with ``n.bit_length()`` is a byte too long for ``-2**k`` (``ff80`` for ``-0x80``).
    """
    bits = n.bit_length() if n >= 0 else (~n).bit_length()
    return n.to_bytes(bits // 8 + 1, "big", signed=True)


def to_hex(n: int) -> str:
    """How Cognito prints SALT and SRP_B: lower-case hex, no leading zeros, no ``00`` sign byte
    (Java's ``BigInteger.toString(16)``) [WIRE floci-io/floci#1305]; a negative salt gets a
    minus sign (``-4f3a…``) [REAL qwigo/warrant#165]."""
    return format(n, "x")


def _h(*parts: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def _int(digest: bytes) -> int:
    return int.from_bytes(digest, "big")


#: ``k = H(pad(N) ‖ pad(g))`` = ``538282c4…9ee6`` (srp.md §1).
K_MULTIPLIER = _int(_h(pad(N), pad(G)))


# -- g^e by a fixed-base table -------------------------------------------------------------------

_WINDOW = 4
#: Exponents up to this size use the table: ``b`` and ``x`` (256 bits) do.
_TABLE_BITS = 256
_TABLE: list[list[int]] = []


def _g_table() -> list[list[int]]:
    """``_TABLE[i][d] == g^(d·16^i) mod N`` for every 4-bit digit ``d``, rows for exponents of
    up to 256 bits; built once (about 25 ms), about 400 KB."""
    if not _TABLE:
        rows = []
        base = G
        for _ in range(_TABLE_BITS // _WINDOW):
            row = [1, base]
            for _ in range(2, 1 << _WINDOW):
                row.append(row[-1] * base % N)
            rows.append(row)
            base = row[-1] * base % N
        _TABLE.extend(rows)
    return _TABLE


def g_pow(e: int) -> int:
    """``g^e mod N`` for ``0 <= e``: one multiplication per non-zero hex digit of ``e``."""
    if e < 0:
        raise ValueError("g_pow takes a non-negative exponent")
    if e.bit_length() > _TABLE_BITS:
        return pow(G, e, N)
    table = _g_table()
    result = 1
    mask = (1 << _WINDOW) - 1
    row = 0
    while e:
        digit = e & mask
        if digit:
            result = result * table[row][digit] % N
        e >>= _WINDOW
        row += 1
    return result


# -- the verifier (what the server keeps per user) -----------------------------------------------


def pool_name(user_pool_id: str) -> str:
    """``eu-west-1_AbCdEf123`` → ``AbCdEf123`` (srp.md §2) [CODE: ``split('_')[1]``]."""
    return user_pool_id.split("_", 1)[1]


@attrs.frozen
class Verifier:
    """A user's SRP salt and password verifier ``v``; the server never needs more."""

    salt: int
    v: int


def private_key(user_pool_id: str, user_id: str, password: str, salt: int) -> int:
    """``x``: the inner hash is the raw digest of the UTF-8 string, no normalisation (§2)."""
    inner = _h(f"{pool_name(user_pool_id)}{user_id}:{password}".encode())
    return _int(_h(pad(salt), inner))


def verifier(user_pool_id: str, user_id: str, password: str, salt: int) -> Verifier:
    """The verifier of ``password`` for ``user_id`` (the real username, never an alias)."""
    return Verifier(salt, g_pow(private_key(user_pool_id, user_id, password, salt)))


# -- the exchange --------------------------------------------------------------------------------


def parse_public(text: str) -> int | None:
    """A client's ``SRP_A``, or None when Cognito refuses it.

    Hex of either case with leading zeros allowed (.NET sends upper case and a leading ``0``)
    [CODE]; nothing else (no sign, ``0x``, spaces or ``_``, which ``int(…, 16)`` would take).
    ``A mod N == 0`` is refused, as SRP-6a requires [REAL, type only:
    amazon-cognito-identity-js#356]."""
    if not text or len(text) > MAX_PUBLIC_HEX or not _HEX.fullmatch(text):
        return None
    a = int(text, 16)
    return None if a % N == 0 else a


_HEX = re.compile(r"[0-9A-Fa-f]+")


def scrambler(a: int, b: int) -> int:
    """``u = H(pad(A) ‖ pad(B))``."""
    return _int(_h(pad(a), pad(b)))


def public_b(v: int, b: int) -> int:
    """``B = (k·v + g^b) mod N``."""
    return (K_MULTIPLIER * v + g_pow(b)) % N


def session_key(a: int, big_b: int, b: int, v: int) -> bytes:
    """The 16-byte key K both sides derive: HKDF-SHA256 with salt ``pad(u)`` (31 to 33 bytes,
    not the raw digest), ikm ``pad(S)``, one block (§4)."""
    u = scrambler(a, big_b)
    s = pow(a * pow(v, u, N) % N, b, N)
    prk = hmac.digest(pad(u), pad(s), "sha256")
    return hmac.digest(prk, DERIVED_KEY_INFO + b"\x01", "sha256")[:16]


def claim_signature(key: bytes, user_pool_id: str, user_id: str, secret_block: bytes,
                    timestamp: str) -> str:
    """``PASSWORD_CLAIM_SIGNATURE`` for a canonical TIMESTAMP (§5)."""
    message = (pool_name(user_pool_id).encode() + user_id.encode() + secret_block
               + timestamp.encode())
    return base64.b64encode(hmac.digest(key, message, "sha256")).decode()


@attrs.frozen
class Challenge:
    """The server's half of one ``PASSWORD_VERIFIER`` exchange, kept until it is answered.

    ``simulated``: the answer for an unknown user under PreventUserExistenceErrors (§6); no
    proof can succeed."""

    user_id: str
    verifier: Verifier
    a: int
    b: int
    big_b: int
    secret_block: bytes
    simulated: bool = False

    def parameters(self, username: str) -> dict[str, str]:
        """``ChallengeParameters`` of the PASSWORD_VERIFIER challenge (§3): SALT and SRP_B as
        :func:`to_hex`, SECRET_BLOCK standard Base64 with padding (.NET, Java and Go decode
        strictly), USERNAME and USER_ID_FOR_SRP both the real username."""
        return {
            "SALT": to_hex(self.verifier.salt),
            "SRP_B": to_hex(self.big_b),
            "SECRET_BLOCK": base64.b64encode(self.secret_block).decode(),
            "USERNAME": username,
            "USER_ID_FOR_SRP": self.user_id,
        }


def begin(user_id: str, stored: Verifier, a: int, b: int, secret_block: bytes, *,
          simulated: bool = False) -> Challenge | None:
    """The challenge for a client's ``A`` and the server's secret ``b``, or None when this ``b``
    gives ``B ≡ 0`` or ``u = 0`` (Amplify, identity-js, .NET and Android abort on those): draw
    another ``b``."""
    big_b = public_b(stored.v, b)
    if big_b == 0 or scrambler(a, big_b) == 0:
        return None
    return Challenge(user_id, stored, a, b, big_b, secret_block, simulated)


def proves_password(user_pool_id: str, challenge: Challenge, timestamp: str,
                    signature: str) -> bool:
    """Whether ``signature`` proves the password for ``timestamp`` (canonical, see
    :func:`canonical_timestamp`); compared in constant time. A simulated challenge proves
    nothing."""
    if challenge.simulated:
        return False
    key = session_key(challenge.a, challenge.big_b, challenge.b, challenge.verifier.v)
    expected = claim_signature(key, user_pool_id, challenge.user_id, challenge.secret_block,
                               timestamp)
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


# -- TIMESTAMP -----------------------------------------------------------------------------------

_TIMESTAMP = re.compile(
    r"([A-Za-z]{3}) ([A-Za-z]{3}) ([0-9]{1,2}) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}) UTC "
    r"([0-9]{4})")
_WEEKDAY_KEYS = frozenset(name.lower() for name in WEEKDAYS)
_MONTH_KEYS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}


def format_timestamp(at: _dt.datetime) -> str:
    """``EEE MMM d HH:mm:ss 'UTC' yyyy`` in English: the day not padded, the time on a 24-hour
    clock (``Tue Nov 3 05:09:04 UTC 2026``) [CODE: every client, srp.md §5.1]."""
    return (f"{WEEKDAYS[at.weekday()]} {MONTHS[at.month - 1]} {at.day} "
            f"{at.hour:02d}:{at.minute:02d}:{at.second:02d} UTC {at.year:04d}")


def canonical_timestamp(text: str) -> str | None:
    """The TIMESTAMP a signature is checked against, or None when Cognito refuses it as
    malformed (``TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.``).

    srp.md §5.1 [INF] models the server as Java's strict ``SimpleDateFormat``: parse, then sign
    the *re-formatted* date. So hour ``24``, an invalid date, a zone other than ``UTC`` or a
    non-English name are malformed [REAL: hour 24, ``+05:30``, ``IST``], while a zero-padded day
    (``Sep 05``), an unpadded hour or a wrong weekday parse and then fail as a signature
    mismatch, ``Incorrect username or password.`` [REAL: padded day and wrong weekday].
    Names match without regard to case, as Java's parser does; the zone must read ``UTC``
    [INF]. Nothing here compares the time with a clock: the Go client's 12-hour timestamps
    have worked against real pools for years (srp.md §5.1) [INF].
    """
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None
    weekday, month, day, hour, minute, second, year = match.groups()
    if weekday.lower() not in _WEEKDAY_KEYS or month.lower() not in _MONTH_KEYS:
        return None
    try:
        at = _dt.datetime(int(year), _MONTH_KEYS[month.lower()], int(day), int(hour),
                          int(minute), int(second))
    except ValueError:
        return None
    return format_timestamp(at)


# -- PreventUserExistenceErrors: the simulated first step ----------------------------------------

_SIMULATION_KEY = b"pytest-cognito-fake: simulated SRP users"


@attrs.frozen
class SimulatedUser:
    """What an unknown user's PASSWORD_VERIFIER challenge shows: the same salt and UUID every time
    for the same pool and username [AWS-DOC cognito-user-pool-managing-errors.md]."""

    user_id: str
    verifier: Verifier


def simulated_user(user_pool_id: str, username_key: str) -> SimulatedUser:
    """Derived from a keyed hash of (pool id, username) [INF, srp.md §6]. The salt is a
    non-negative 128-bit number, like real users' salts: real pools "occasionally" send a
    negative simulated salt, which crashes pycognito, warrant and .NET before the next step; the
    fake does not imitate that [INF]. The verifier is ``g^x`` for an ``x`` no password hashes
    to, so the challenge looks like a real one."""
    seed = hmac.digest(_SIMULATION_KEY, f"{user_pool_id}\x00{username_key}".encode(), "sha512")
    raw = bytearray(seed[:16])
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    h = raw.hex()
    user_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    salt = _int(seed[16:32])
    x = _int(seed[32:64])
    return SimulatedUser(user_id, Verifier(salt, g_pow(x)))
