"""The ``match`` statement and its patterns (grammar: "Match statement", 3.10+).
See :mod:`.expressions` for the conventions."""

from __future__ import annotations

import ast
from typing import Any, List, Optional

from .expressions import op_instance
from .pegen import LOAD, host_node, ident


class PatternRules:
    """Mixin: match_stmt, case blocks, patterns."""

    def match_stmt(self) -> Optional[Any]:
        """match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
        | invalid_match_stmt"""
        pos = self.pos
        start = self.expect_soft("match")
        if start is not None:
            subject = self.subject_expr()
            tokens = self.tokens
            # Looked at one token at a time: reading a token past the first one
            # that differs could reach a tokenizer error CPython never sees here.
            at = self.pos
            if subject is not None and tokens[at].type == ":" and \
                    tokens[at + 1].type == "NEWLINE" and tokens[at + 2].type == "INDENT":
                self.pos += 3
                cases = []
                while True:
                    mark = self.pos
                    case = self.case_block()
                    if case is None:
                        self.pos = mark
                        break
                    cases.append(case)
                if cases and self.expect("DEDENT") is not None:
                    return self.locate(host_node("Match")(subject, cases), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_match_stmt()
            self.pos = pos
        return None

    def subject_expr(self) -> Optional[Any]:
        """subject_expr: star_named_expression ',' star_named_expressions?
        | named_expression"""
        pos = self.pos
        start = self.tokens[pos]
        first = self.star_named_expression()
        if first is not None and self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            rest = self.star_named_expressions()
            if rest is None:
                self.pos = mark
                rest = []
            return self.locate(ast.Tuple([first] + rest, LOAD), start)
        self.pos = pos
        return self.named_expression()

    def case_block(self) -> Optional[Any]:
        """case_block: invalid_case_block | "case" patterns guard? ':' block"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_case_block()
            self.pos = pos
        if self.expect_soft("case") is None:
            return None
        pattern = self.patterns()
        if pattern is None:
            self.pos = pos
            return None
        guard = None
        if self.tokens[self.pos].type == "if":
            mark = self.pos
            self.pos += 1
            guard = self.named_expression()
            if guard is None:
                self.pos = mark
        if self.expect(":") is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        return host_node("match_case")(pattern, guard, body)

    def patterns(self) -> Optional[Any]:
        """patterns: open_sequence_pattern | pattern"""
        pos = self.pos
        start = self.tokens[pos]
        items = self.open_sequence_pattern()
        if items is not None:
            return self.locate(host_node("MatchSequence")(items), start)
        self.pos = pos
        return self.pattern()

    def pattern(self) -> Optional[Any]:
        """pattern: as_pattern | or_pattern"""
        pos = self.pos
        node = self.as_pattern()
        if node is not None:
            return node
        self.pos = pos
        return self.or_pattern()

    def as_pattern(self) -> Optional[Any]:
        """as_pattern: or_pattern 'as' pattern_capture_target | invalid_as_pattern"""
        pos = self.pos
        start = self.tokens[pos]
        inner = self.or_pattern()
        if inner is not None and self.expect("as") is not None:
            target = self.pattern_capture_target()
            if target is not None:
                return self.locate(host_node("MatchAs")(inner, ident(target)), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_as_pattern()
            self.pos = pos
        return None

    def or_pattern(self) -> Optional[Any]:
        """or_pattern: '|'.closed_pattern+"""
        start = self.tokens[self.pos]
        first = self.closed_pattern()
        if first is None:
            return None
        options = [first]
        while self.tokens[self.pos].type == "|":
            self.pos += 1
            mark = self.pos
            option = self.closed_pattern()
            if option is None:
                self.pos = mark - 1
                break
            options.append(option)
        if len(options) == 1:
            return first
        return self.locate(host_node("MatchOr")(options), start)

    def closed_pattern(self) -> Optional[Any]:
        """closed_pattern (memo): literal | capture | wildcard | value | group
        | sequence | mapping | class"""
        pos = self.pos
        memo = self.memo_closed_pattern
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = None
        for rule in (self.literal_pattern, self.capture_pattern, self.wildcard_pattern,
                     self.value_pattern, self.group_pattern, self.sequence_pattern,
                     self.mapping_pattern, self.class_pattern):
            result = rule()
            if result is not None:
                break
            self.pos = pos
        memo[pos] = (result, self.pos)
        return result

    def literal_pattern(self) -> Optional[Any]:
        """literal_pattern: signed_number !('+' | '-') | complex_number | strings
        | 'None' | 'True' | 'False'"""
        start = self.tokens[self.pos]
        value = self.literal_expr()
        if value is None:
            return None
        if isinstance(value, ast.Constant) and value.value is None and start.type == "None":
            return self.locate(host_node("MatchSingleton")(None), start)
        if start.type in ("True", "False"):
            return self.locate(host_node("MatchSingleton")(start.type == "True"), start)
        return self.locate(host_node("MatchValue")(value), start)

    def literal_expr(self) -> Optional[Any]:
        """literal_expr: signed_number !('+' | '-') | complex_number | strings
        | 'None' | 'True' | 'False'"""
        pos = self.pos
        start = self.tokens[pos]
        number = self.signed_number()
        if number is not None and self.tokens[self.pos].type not in ("+", "-"):
            return number
        self.pos = pos
        number = self.complex_number()
        if number is not None:
            return number
        self.pos = pos
        if start.type in ("STRING", "FSTRING_START"):
            return self.strings()
        if start.type in ("None", "True", "False"):
            self.pos += 1
            value = {"None": None, "True": True, "False": False}[start.type]
            return self.locate(ast.Constant(value, None), start)
        return None

    def complex_number(self) -> Optional[Any]:
        """complex_number: signed_real_number ('+' | '-') imaginary_number"""
        start = self.tokens[self.pos]
        real = self.signed_number()
        if real is None:
            return None
        op = self.tokens[self.pos].type
        if op not in ("+", "-"):
            return None
        inner = real.operand if isinstance(real, ast.UnaryOp) else real
        if isinstance(inner.value, complex):
            self.error_at(inner, "real number required in complex literal")
        self.pos += 1
        imag_tok = self.expect("NUMBER")
        if imag_tok is None:
            return None
        imag = self.number_node(imag_tok)
        if not isinstance(imag.value, complex):
            self.error_at(imag, "imaginary number required in complex literal")
        cls = ast.Add if op == "+" else ast.Sub
        return self.locate(ast.BinOp(real, op_instance(cls), imag), start)

    def signed_number(self) -> Optional[Any]:
        """signed_number: NUMBER | '-' NUMBER"""
        start = self.tokens[self.pos]
        if start.type == "NUMBER":
            self.pos += 1
            return self.number_node(start)
        if start.type == "-" and self.tokens[self.pos + 1].type == "NUMBER":
            self.pos += 2
            operand = self.number_node(self.tokens[self.pos - 1])
            return self.locate(ast.UnaryOp(op_instance(ast.USub), operand), start)
        return None

    def number_node(self, tok: Any) -> Any:
        return self.span(ast.Constant(self.parse_number(tok), None), tok, tok)

    def capture_pattern(self) -> Optional[Any]:
        """capture_pattern: pattern_capture_target"""
        start = self.tokens[self.pos]
        target = self.pattern_capture_target()
        if target is None:
            return None
        return self.locate(host_node("MatchAs")(None, ident(target)), start)

    def pattern_capture_target(self) -> Optional[Any]:
        """pattern_capture_target: !"_" NAME !('.' | '(' | '=')"""
        tok = self.tokens[self.pos]
        if tok.type != "NAME" or tok.string == "_":
            return None
        if self.tokens[self.pos + 1].type in (".", "(", "="):
            return None
        self.pos += 1
        return tok

    def wildcard_pattern(self) -> Optional[Any]:
        """wildcard_pattern: "_" """
        start = self.expect_soft("_")
        if start is None:
            return None
        return self.locate(host_node("MatchAs")(None, None), start)

    def value_pattern(self) -> Optional[Any]:
        """value_pattern: attr !('.' | '(' | '=')"""
        start = self.tokens[self.pos]
        value = self.attr()
        if value is None or self.tokens[self.pos].type in (".", "(", "="):
            return None
        return self.locate(host_node("MatchValue")(value), start)

    def attr(self) -> Optional[Any]:
        """attr: name_or_attr '.' NAME"""
        pos = self.pos
        value = self.name_or_attr()
        if value is None or not isinstance(value, ast.Attribute):
            self.pos = pos
            return None
        return value

    def name_or_attr(self) -> Optional[Any]:
        """name_or_attr: attr | NAME  (a dotted name, left to right)"""
        start = self.tokens[self.pos]
        if start.type != "NAME":
            return None
        self.pos += 1
        node = self.name_node(start, LOAD)
        tokens = self.tokens
        while tokens[self.pos].type == "." and tokens[self.pos + 1].type == "NAME":
            self.pos += 2
            node = self.locate(ast.Attribute(node, ident(tokens[self.pos - 1]), LOAD), start)
        return node

    def group_pattern(self) -> Optional[Any]:
        """group_pattern: '(' pattern ')'"""
        if self.expect("(") is None:
            return None
        inner = self.pattern()
        if inner is None or self.expect(")") is None:
            return None
        return inner

    def sequence_pattern(self) -> Optional[Any]:
        """sequence_pattern: '[' maybe_sequence_pattern? ']' | '(' open_sequence_pattern? ')'"""
        start = self.tokens[self.pos]
        closer = {"[": "]", "(": ")"}.get(start.type)
        if closer is None:
            return None
        self.pos += 1
        mark = self.pos
        items = self.maybe_sequence_pattern() if closer == "]" else self.open_sequence_pattern()
        if items is None:
            self.pos = mark
            items = []
        if self.expect(closer) is None:
            return None
        return self.locate(host_node("MatchSequence")(items), start)

    def open_sequence_pattern(self) -> Optional[List[Any]]:
        """open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern?"""
        first = self.maybe_star_pattern()
        if first is None or self.expect(",") is None:
            return None
        mark = self.pos
        rest = self.maybe_sequence_pattern()
        if rest is None:
            self.pos = mark
            rest = []
        return [first] + rest

    def maybe_sequence_pattern(self) -> Optional[List[Any]]:
        """maybe_sequence_pattern: ','.maybe_star_pattern+ ','?"""
        first = self.maybe_star_pattern()
        if first is None:
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.maybe_star_pattern()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return items

    def maybe_star_pattern(self) -> Optional[Any]:
        """maybe_star_pattern: star_pattern | pattern"""
        pos = self.pos
        node = self.star_pattern()
        if node is not None:
            return node
        self.pos = pos
        return self.pattern()

    def star_pattern(self) -> Optional[Any]:
        """star_pattern (memo): '*' pattern_capture_target | '*' wildcard_pattern"""
        start = self.tokens[self.pos]
        if start.type != "*":
            return None
        self.pos += 1
        target = self.pattern_capture_target()
        if target is not None:
            return self.locate(host_node("MatchStar")(ident(target)), start)
        if self.expect_soft("_") is not None:
            return self.locate(host_node("MatchStar")(None), start)
        self.pos -= 1
        return None

    def mapping_pattern(self) -> Optional[Any]:
        """mapping_pattern: '{' '}' | '{' double_star_pattern ','? '}'
        | '{' items_pattern ',' double_star_pattern ','? '}' | '{' items_pattern ','? '}'"""
        pos = self.pos
        start = self.expect("{")
        if start is None:
            return None
        if self.expect("}") is not None:
            return self.locate(host_node("MatchMapping")([], [], None), start)
        rest = self.double_star_pattern()
        if rest is not None:
            self.expect(",")
            if self.expect("}") is not None:
                return self.locate(host_node("MatchMapping")([], [], ident(rest)), start)
        self.pos = pos + 1
        items = self.items_pattern()
        if items is not None:
            after = self.pos
            if self.expect(",") is not None:
                rest = self.double_star_pattern()
                if rest is not None:
                    self.expect(",")
                    if self.expect("}") is not None:
                        return self.locate(host_node("MatchMapping")(
                            [k for k, _ in items], [p for _, p in items], ident(rest)), start)
            self.pos = after
            self.expect(",")
            if self.expect("}") is not None:
                return self.locate(host_node("MatchMapping")([k for k, _ in items],
                                                    [p for _, p in items], None), start)
        self.pos = pos
        return None

    def items_pattern(self) -> Optional[list]:
        """items_pattern: ','.key_value_pattern+"""
        return self._separated(self.key_value_pattern)

    def key_value_pattern(self) -> Optional[tuple]:
        """key_value_pattern: (literal_expr | attr) ':' pattern"""
        pos = self.pos
        key = self.literal_expr()
        if key is None:
            self.pos = pos
            key = self.attr()
        if key is None or self.expect(":") is None:
            self.pos = pos
            return None
        value = self.pattern()
        if value is None:
            self.pos = pos
            return None
        return (key, value)

    def double_star_pattern(self) -> Optional[Any]:
        """double_star_pattern: '**' pattern_capture_target"""
        if self.expect("**") is None:
            return None
        target = self.pattern_capture_target()
        if target is None:
            self.pos -= 1
        return target

    def class_pattern(self) -> Optional[Any]:
        """class_pattern: name_or_attr '(' [positional_patterns ','?] ')' ... |
        invalid_class_pattern"""
        pos = self.pos
        start = self.tokens[pos]
        cls = self.name_or_attr()
        if cls is None or self.expect("(") is None:
            self.pos = pos
            return None
        after_paren = self.pos
        if self.expect(")") is not None:
            return self.locate(host_node("MatchClass")(cls, [], [], []), start)
        for want_positional, want_keywords in ((True, False), (False, True), (True, True)):
            self.pos = after_paren
            node = self._class_arguments(cls, start, want_positional, want_keywords)
            if node is not None:
                return node
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_class_pattern()
            self.pos = pos
        return None

    def _class_arguments(self, cls: Any, start: Any, positional: bool,
                         keywords: bool) -> Optional[Any]:
        patterns: List[Any] = []
        keyword_pairs: List[tuple] = []
        if positional:
            patterns = self._separated(self.pattern)
            if patterns is None:
                return None
            if keywords and self.expect(",") is None:
                return None
        if keywords:
            keyword_pairs = self._separated(self.keyword_pattern)
            if keyword_pairs is None:
                return None
        self.expect(",")
        if self.expect(")") is None:
            return None
        return self.locate(host_node("MatchClass")(cls, patterns, [k for k, _ in keyword_pairs],
                                          [p for _, p in keyword_pairs]), start)

    def keyword_pattern(self) -> Optional[tuple]:
        """keyword_pattern: NAME '=' pattern"""
        pos = self.pos
        name = self.expect("NAME")
        if name is None or self.expect("=") is None:
            self.pos = pos
            return None
        value = self.pattern()
        if value is None:
            self.pos = pos
            return None
        return (ident(name), value)

