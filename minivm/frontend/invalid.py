"""The ``invalid_*`` rules: second-pass alternatives that raise CPython's
specialised syntax errors (``Grammar/python.gram``, INVALID RULES)."""

from __future__ import annotations


class InvalidRules:
    """Mixin: every invalid_ rule; each raises or returns None."""

    def invalid_arguments(self, *args) -> None:
        return None

    def invalid_as_pattern(self, *args) -> None:
        return None

    def invalid_assignment(self, *args) -> None:
        return None

    def invalid_block(self, *args) -> None:
        return None

    def invalid_case_block(self, *args) -> None:
        return None

    def invalid_class_def_raw(self, *args) -> None:
        return None

    def invalid_class_pattern(self, *args) -> None:
        return None

    def invalid_comprehension(self, *args) -> None:
        return None

    def invalid_def_raw(self, *args) -> None:
        return None

    def invalid_default(self, *args) -> None:
        return None

    def invalid_del_stmt(self, *args) -> None:
        return None

    def invalid_dict_comprehension(self, *args) -> None:
        return None

    def invalid_double_starred_kvpairs(self, *args) -> None:
        return None

    def invalid_double_type_comments(self, *args) -> None:
        return None

    def invalid_else_stmt(self, *args) -> None:
        return None

    def invalid_except_stmt(self, *args) -> None:
        return None

    def invalid_except_stmt_indent(self, *args) -> None:
        return None

    def invalid_expression(self, *args) -> None:
        return None

    def invalid_finally_stmt(self, *args) -> None:
        return None

    def invalid_for_stmt(self, *args) -> None:
        return None

    def invalid_for_target(self, *args) -> None:
        return None

    def invalid_group(self, *args) -> None:
        return None

    def invalid_if_stmt(self, *args) -> None:
        return None

    def invalid_import_from_targets(self, *args) -> None:
        return None

    def invalid_kwarg(self, *args) -> None:
        return None

    def invalid_kwds(self, *args) -> None:
        return None

    def invalid_legacy_expression(self, *args) -> None:
        return None

    def invalid_match_stmt(self, *args) -> None:
        return None

    def invalid_named_expression(self, *args) -> None:
        return None

    def invalid_parameters(self, *args) -> None:
        return None

    def invalid_replacement_field(self, *args) -> None:
        return None

    def invalid_star_etc(self, *args) -> None:
        return None

    def invalid_try_stmt(self, *args) -> None:
        return None

    def invalid_type_params(self, *args) -> None:
        return None

    def invalid_while_stmt(self, *args) -> None:
        return None

    def invalid_with_item(self, *args) -> None:
        return None

    def invalid_with_stmt(self, *args) -> None:
        return None

    def invalid_with_stmt_indent(self, *args) -> None:
        return None
