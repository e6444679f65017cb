"""The one ordering algorithm: which keys kept their order (a longest common subsequence)."""
from __future__ import annotations

import itertools

from hypothesis import given, strategies as st

from policy_site.model.order import kept_in_order


def _is_subsequence(keys: list[str], of: list[str]) -> bool:
    it = iter(of)
    return all(k in it for k in keys)


def _longest(old: list[str], new: list[str]) -> int:
    common = [k for k in new if k in old]
    return max((n for n in range(len(common) + 1) for sub in itertools.combinations(common, n)
                if _is_subsequence(list(sub), old)), default=0)


@given(st.permutations([f"s{i}" for i in range(7)]), st.integers(0, 3))
def test_the_kept_keys_are_a_longest_common_subsequence(new, dropped):
    old = [f"s{i}" for i in range(7)][dropped:]
    kept = kept_in_order(old, new)
    in_new_order = [k for k in new if k in kept]
    assert _is_subsequence(in_new_order, old)
    assert len(kept) == _longest(old, new)


def test_a_swap_keeps_the_one_that_comes_last_in_the_new_order():
    assert kept_in_order(["a", "b"], ["b", "a"]) == {"a"}
    assert kept_in_order(["a", "b", "c"], ["a", "c", "b"]) == {"a", "b"}
    assert kept_in_order([], ["a"]) == set()
