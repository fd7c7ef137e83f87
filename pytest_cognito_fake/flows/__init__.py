"""The pure core: attrs-frozen records and pure functions. No I/O, no clock, no randomness:
time and random draws come in as arguments, so hypothesis can drive every decision directly.

Records are ``@attrs.frozen``, slotted by default. A frozen slotted class's ``__init__`` sets
each field through ``object.__setattr__``: about 0.13 µs a field on CPython 3.11, five times
what a plain slotted class pays. A record with many fields made several times on every request
(``recovery.RecoveryUser``, and the outbox's ``Message``) is ``@attrs.frozen(slots=False)``,
whose ``__init__`` writes the instance dict instead. Measured per record (callgrind,
``benchmarks/bench_recovery.py``'s round trip): records with fewer fields or made fewer times
gain nothing that way, so they keep their slots.
"""
