"""Placeholder: set iteration order of targets before 3.11 (to be written)."""

from __future__ import annotations

from typing import Any, List


def set_order(value: Any, target: Any) -> List[Any]:
    return list(value)
