"""Stack effects that depend on the oparg, one small named function each.

An ``Op``'s effect is an int, one of these functions of the oparg, or None where the
version's ``dis.stack_effect`` has no answer (instrumented opcodes).  The names say
the formula; several versions share one.
"""

from __future__ import annotations


def _bits4(oparg: int) -> int:
    return (oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1)


def push_n_minus_1(oparg: int) -> int:
    """``UNPACK_SEQUENCE``: pops one, pushes n."""
    return oparg - 1


def unpack_ex(oparg: int) -> int:
    """``UNPACK_EX``: n before the star (low byte), n after (high byte), plus the list."""
    return (oparg & 0xFF) + (oparg >> 8)


def build_n(oparg: int) -> int:
    """``BUILD_TUPLE`` and friends: pops n, pushes one."""
    return 1 - oparg


def build_map(oparg: int) -> int:
    """``BUILD_MAP``: pops n key/value pairs, pushes one."""
    return 1 - 2 * oparg


def pop_n(oparg: int) -> int:
    """``RAISE_VARARGS``, ``CALL_FUNCTION`` (3.8-3.10), ``PRECALL`` (3.11),
    ``BUILD_CONST_KEY_MAP``."""
    return -oparg


def pop_n_plus_1(oparg: int) -> int:
    """``CALL_FUNCTION_KW``, ``CALL_METHOD``, ``CALL`` (3.12, 3.13)."""
    return -1 - oparg


def pop_n_plus_2(oparg: int) -> int:
    """``CALL_KW`` (3.13)."""
    return -2 - oparg


def make_function_38(oparg: int) -> int:
    """``MAKE_FUNCTION`` to 3.11: pops code, qualname and one per flag, pushes one."""
    return -1 - _bits4(oparg)


def make_function_311(oparg: int) -> int:
    """``MAKE_FUNCTION`` 3.11, 3.12: no qualname on the stack."""
    return -_bits4(oparg)


def build_slice(oparg: int) -> int:
    return -2 if oparg == 3 else -1


def call_function_ex_38(oparg: int) -> int:
    """``CALL_FUNCTION_EX`` to 3.10: callable, args and (bit 0) kwargs, pushes one."""
    return -1 - (oparg & 1)


def call_function_ex_311(oparg: int) -> int:
    """``CALL_FUNCTION_EX`` 3.11+: and the NULL below the callable."""
    return -2 - (oparg & 1)


def format_value(oparg: int) -> int:
    """``FORMAT_VALUE``: pops the spec too when bit 2 says there is one."""
    return -1 if oparg & 0x04 else 0


def low_bit(oparg: int) -> int:
    """``LOAD_ATTR`` 3.12+: pushes a NULL or self too when the low bit is set."""
    return oparg & 1


def one_plus_low_bit(oparg: int) -> int:
    """``LOAD_GLOBAL`` 3.11+."""
    return 1 + (oparg & 1)


def super_attr(oparg: int) -> int:
    """``LOAD_SUPER_ATTR``: pops global super, class and self; pushes one or two."""
    return -2 + (oparg & 1)
