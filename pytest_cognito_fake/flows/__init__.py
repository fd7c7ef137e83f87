"""The pure core: attrs-frozen records and pure functions. No I/O, no clock, no randomness:
time and random draws come in as arguments, so hypothesis can drive every decision directly."""
