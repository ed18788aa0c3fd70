"""cached_map: a stage over many items wrapped by the cache by the keys of their inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from hubgen.core.cache import Cache, cached_map, open_cache


def _squares(calls: list[list[int]]) -> Callable[[list[int]], Iterable[tuple[int, int, bool]]]:
    def compute(missing: list[int]) -> Iterable[tuple[int, int, bool]]:
        calls.append(list(missing))
        for n in missing:
            yield n, n * n, n != 3  # the value of 3 is made from a changing input: not kept

    return compute


def test_only_what_the_cache_lacks_is_computed_and_kept(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    keys = {n: f"square {n}".encode() for n in (1, 2, 3)}
    calls: list[list[int]] = []
    values, computed = cached_map(cache, "memo", keys, _squares(calls))
    assert values == {1: 1, 2: 4, 3: 9} and computed == [1, 2, 3]
    values, computed = cached_map(cache, "memo", {**keys, 4: b"square 4"}, _squares(calls))
    assert values == {1: 1, 2: 4, 3: 9, 4: 16}
    assert computed == [3, 4] and calls == [[1, 2, 3], [3, 4]]
    cache.close()


def test_a_changed_key_is_computed_again(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    calls: list[list[int]] = []
    cached_map(cache, "memo", {2: b"two, first text"}, _squares(calls))
    _, computed = cached_map(cache, "memo", {2: b"two, edited"}, _squares(calls))
    assert computed == [2]
    cache.close()


def test_without_a_cache_everything_is_computed() -> None:
    calls: list[list[int]] = []
    values, computed = cached_map(Cache(None), "memo", {5: b"5"}, _squares(calls))
    assert values == {5: 25} and computed == [5]
    assert cached_map(Cache(None), "memo", {}, _squares(calls)) == ({}, [])
