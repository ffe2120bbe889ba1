"""Status list index allocation: unique, unpredictable, and pure.

BSL §2.1 says ``statusListIndex`` "SHOULD be assigned randomly" and §6.2 explains why: with
sequential indices the position of a credential in a list leaks when it was issued and lets a
list's host correlate neighbours. Random draws, however, need a record of every index taken so
far to avoid collisions. This allocator needs only one integer: the caller's persisted
high-water mark ``n`` (how many indices this list has handed out). Allocation ``n`` maps through
a keyed pseudorandom *permutation* of ``0..size-1``, so distinct counters give distinct indices
by construction, and without the key the sequence looks random.

The permutation is a balanced Feistel network (four rounds, keyed BLAKE2b as round function) over
the smallest even-width bit domain covering ``size``, restricted to ``0..size-1`` by cycle
walking (Black and Rogaway, "Ciphers with Arbitrary Finite Domains", 2002): re-encrypt until
the value falls inside the domain. A Feistel network is a bijection for any round function,
and cycle walking keeps it one on the sub-domain, so uniqueness does not rest on the key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .errors import StatusError, StatusListFull

__all__ = ["Allocation", "IndexAllocator"]

_ROUNDS = 4
# Widest half (in bits) whose round functions are tabulated: 4 x 2^12 entries at most.
_TABLE_BITS = 12


@dataclass(frozen=True, slots=True)
class Allocation:
    """An allocated index and the high-water mark the caller must persist with it."""

    index: int
    high_water: int


class IndexAllocator:
    """Hand out status list indices ``0..size-1`` exactly once each, in keyed random order.

    Pure: :meth:`allocate` takes the persisted high-water mark and returns the next one; the
    caller stores it in the same transaction as the credential that received the index. With
    ``key=None`` indices are sequential (useful for tests and for lists that hold no personal
    data). The key must stay the same for the life of a list, or indices would repeat.
    """

    __slots__ = ("_half_bits", "_key", "_keyed", "_rounds", "_size")

    def __init__(self, size: int, key: bytes | None = None) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise StatusError(f"allocator size must be a positive int, not {size!r}")
        if key is not None and (not isinstance(key, bytes) or not 16 <= len(key) <= 64):
            raise StatusError("allocator key must be 16 to 64 bytes (a BLAKE2b key)")
        self._size = size
        self._key = key
        # The round function's keyed state, made once: copying it is cheaper than keying a new
        # BLAKE2b per round (keying hashes a whole block), and gives the same digests.
        self._keyed = hashlib.blake2b(key=key, digest_size=8) if key is not None else None
        # The round function only ever sees a half-width value, so for the list sizes in use
        # (half width up to _TABLE_BITS) each round is tabulated on first use: a bulk
        # allocation then costs table look-ups instead of eight keyed hashes per index.
        self._rounds: list[list[int]] | None = None
        bits = max(2, (size - 1).bit_length())
        self._half_bits = (bits + 1) // 2

    @property
    def size(self) -> int:
        """How many indices the list can hand out."""
        return self._size

    def index_for(self, counter: int) -> int:
        """The index handed out as allocation number ``counter`` (0-based)."""
        if isinstance(counter, bool) or not isinstance(counter, int) or counter < 0:
            raise StatusError(f"high-water mark must be a non-negative int, not {counter!r}")
        if counter >= self._size:
            raise StatusListFull(f"all {self._size} indices of this status list are allocated")
        if self._key is None:
            return counter
        value = self._permute(counter)
        # Cycle walking: the Feistel domain is at most four times the list, so this loop runs
        # fewer than four times on average and always ends (the walk follows a finite cycle
        # that contains ``counter``, which is inside the domain).
        while value >= self._size:
            value = self._permute(value)
        return value

    def allocate(self, high_water: int) -> Allocation:
        """The next index after ``high_water`` allocations, and the mark to persist."""
        return Allocation(index=self.index_for(high_water), high_water=high_water + 1)

    def allocate_many(self, high_water: int, count: int) -> tuple[list[int], int]:
        """``count`` fresh indices for a bulk job and the mark to persist after them."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise StatusError(f"count must be a non-negative int, not {count!r}")
        if high_water + count > self._size:
            raise StatusListFull(
                f"{count} indices requested but only {max(0, self._size - high_water)} remain"
            )
        indices = [self.index_for(n) for n in range(high_water, high_water + count)]
        return indices, high_water + count

    def _round(self, round_number: int, right: int) -> int:
        """The keyed round function: BLAKE2b(key, round || right), masked to a half."""
        keyed = self._keyed
        assert keyed is not None
        state = keyed.copy()
        state.update(round_number.to_bytes(1, "big") + right.to_bytes(8, "big"))
        return int.from_bytes(state.digest(), "big") & ((1 << self._half_bits) - 1)

    def _tables(self) -> list[list[int]] | None:
        if self._rounds is None and self._half_bits <= _TABLE_BITS:
            halves = range(1 << self._half_bits)
            self._rounds = [[self._round(n, right) for right in halves] for n in range(_ROUNDS)]
        return self._rounds

    def _permute(self, value: int) -> int:
        mask = (1 << self._half_bits) - 1
        left, right = value >> self._half_bits, value & mask
        tables = self._tables()
        if tables is not None:
            for table in tables:
                left, right = right, left ^ table[right]
        else:
            for round_number in range(_ROUNDS):
                left, right = right, left ^ self._round(round_number, right)
        return (left << self._half_bits) | right
