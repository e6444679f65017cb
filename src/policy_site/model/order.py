"""Which items kept their order between two sequences: the one ordering algorithm.

The redline uses it for sections that moved, the parity check for translated
sections out of order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def kept_in_order(old_keys: Sequence[Key], new_keys: Sequence[Key]) -> set[Key]:
    """The common keys of a longest common subsequence of the two orders (the rest moved).

    Keys are unique in each sequence, so this is the longest increasing subsequence
    of the old positions read in the new order (O(n log n)); of several, the one
    whose last key comes last in the new order.
    """
    old_index = {k: i for i, k in enumerate(old_keys)}
    common = [k for k in new_keys if k in old_index]
    seq = [old_index[k] for k in common]
    tail_values: list[int] = []  # tail_values[j]: the smallest last value of an increasing run of length j+1
    tails: list[int] = []  # ... and its index in seq
    previous: list[int | None] = [None] * len(seq)
    for i, value in enumerate(seq):
        j = bisect_left(tail_values, value)
        previous[i] = tails[j - 1] if j else None
        if j == len(tails):
            tail_values.append(value)
            tails.append(i)
        else:
            tail_values[j], tails[j] = value, i
    keep: set[Key] = set()
    at = tails[-1] if tails else None
    while at is not None:
        keep.add(common[at])
        at = previous[at]
    return keep
