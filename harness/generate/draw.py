"""Where a generator's choices come from.

Why two sources.  The program generator is written once, against the small
:class:`Source` interface (an integer in a range, a choice, a weighted coin).
Under Hypothesis, :class:`HypothesisSource` turns every choice into a draw from a
strategy, so Hypothesis can shrink a failing program and keep it in its example
database.  In a fuzz campaign, :class:`RandomSource` answers the same questions
from ``random.Random`` seeded by ``(seed, index)``: a case is then a pure function
of those two numbers, costs microseconds instead of a Hypothesis round trip, and a
resumed campaign regenerates exactly the cases it has not judged yet.

Every source shrinks toward the *first* option: the low end of a range, the first
element of a choice, ``False`` for a coin.  Generators list their simplest option
first so that Hypothesis's shrinking and our reducer pull the same way.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")


class Source:
    """The interface every generator draws from."""

    def integer(self, low: int, high: int) -> int:
        """An integer with ``low <= n <= high``."""
        raise NotImplementedError

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options`` (non-empty)."""
        return options[self.integer(0, len(options) - 1)]

    def coin(self, p: float = 0.5) -> bool:
        """True with probability ``p``; shrinks to False."""
        return self.integer(0, 999) >= int(round((1.0 - p) * 1000))

    def weighted(self, table: Sequence[tuple]) -> Any:
        """``table`` is ``[(weight, value), ...]``; weights are positive integers."""
        total = sum(w for w, _ in table)
        pick = self.integer(0, total - 1)
        for weight, value in table:
            if pick < weight:
                return value
            pick -= weight
        return table[-1][1]


class RandomSource(Source):
    """Choices from ``random.Random``; see the module docstring."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    @classmethod
    def for_case(cls, seed: int, index: int) -> "RandomSource":
        """The source of case ``index`` of the campaign with ``seed``: independent of
        every other case, the host, and the Python version (the seed is a hash, not
        ``hash()``, which varies between processes)."""
        digest = hashlib.sha256(b"pyconform-fuzz:%d:%d" % (seed, index)).digest()
        return cls(random.Random(int.from_bytes(digest[:16], "big")))

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class HypothesisSource(Source):
    """Choices drawn from Hypothesis strategies through ``draw`` (from
    ``st.composite`` or ``st.data()``)."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        from hypothesis import strategies as st
        return self.draw(st.integers(low, high))
