"""Generated test programs: runnable ones (``programs``) and syntax-only ones (``syntax``).

``programs()`` is a Hypothesis strategy of runnable, deterministic, terminating
programs (see ``program.py`` for how each hazard is ruled out by construction and
``features.py`` for the feature tags).  Each program draws a random subset of the
features its target version has (swarm testing: a program that never uses
classes explores functions more deeply) and a number of blocks, each block one
feature.  ``generate(seed, index, versions)`` makes the same kind of program from
``random.Random`` for fuzz campaigns: the case is a pure function of
``(seed, index)``.

``syntax()`` is hypothesmith's grammar-based strategy, for the layers that only
compile (tokens, ast, symtable, code, dis, pyc): its programs are valid syntax on
the host but rarely run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..cases import Case
from . import gcfamily  # noqa: F401  (registers the gc-* tags)
from .draw import HypothesisSource, RandomSource, Source
from .features import FEATURES, Feature
from .program import Builder

__all__ = ["FEATURES", "FAMILIES", "Feature", "GeneratedProgram", "build", "generate",
           "programs", "syntax", "syntax_case", "available_features", "expand_features",
           "family_tags", "version_tuple"]

#: Feature families: a name standing for every tag that starts with its prefix
#: (``--features gc`` is every ``gc-*`` tag).
FAMILIES: Dict[str, str] = {"gc": "gc-"}

#: Most blocks a program has; a few dozen statements keep a case in milliseconds.
MAX_BLOCKS = 10
MORE_BLOCKS = 0.82
UNCAUGHT_PROBABILITY = 0.05

_CHECKSUM_PRELUDE = """\
_ck = 0


def _fold(*values):
    global _ck
    for value in values:
        for ch in repr(value):
            _ck = (_ck * 131 + ord(ch)) % 2305843009213693951
"""


@dataclass(frozen=True)
class GeneratedProgram:
    """A generated program and what the generator knows about it."""

    source: str
    features: Tuple[str, ...]       #: tags of the blocks used (plus ``checksum``)
    requires: Tuple[int, int]       #: the target version it was generated for
    expects: Optional[str] = None   #: exception type it raises uncaught on purpose
    origin: str = ""

    def to_case(self, case_id: str) -> Case:
        return Case(id=case_id, source=self.source.encode("utf-8"), filename="prog.py",
                    features=self.features, requires=self.requires, origin=self.origin)


def version_tuple(version: object) -> Tuple[int, int]:
    """``"3.12"`` or ``(3, 12)`` -> ``(3, 12)``."""
    if isinstance(version, str):
        major, minor = version.split(".")[:2]
        return int(major), int(minor)
    major, minor = tuple(version)[:2]  # type: ignore[misc]
    return int(major), int(minor)


def available_features(version: object) -> Tuple[str, ...]:
    """Tags a program for ``version`` may use (never one the version lacks)."""
    target = version_tuple(version)
    return tuple(tag for tag, f in FEATURES.items() if f.since <= target and tag != "uncaught")


def family_tags(family: str) -> Tuple[str, ...]:
    """The tags of ``family``, in registration order."""
    return tuple(tag for tag in FEATURES if tag.startswith(FAMILIES[family]))


def expand_features(names: Iterable[str]) -> List[str]:
    """``names`` (tags and family names) as tags, each once, in the order given; a
    name that is neither raises ValueError listing the known tags and families."""
    names = list(names)
    unknown = [n for n in names if n not in FEATURES and n not in FAMILIES]
    if unknown:
        raise ValueError("unknown feature tags: %s (known: %s; families: %s)" % (
            ", ".join(unknown), ", ".join(sorted(FEATURES)), ", ".join(
                "%s (%s*)" % (name, prefix) for name, prefix in sorted(FAMILIES.items()))))
    tags: List[str] = []
    for name in names:
        for tag in family_tags(name) if name in FAMILIES else (name,):
            if tag not in tags:
                tags.append(tag)
    return tags


def build(source: Source, version: object, features: Optional[Iterable[str]] = None,
          origin: str = "") -> GeneratedProgram:
    """One program for ``version`` from the choices of ``source``.  ``features``
    restricts the swarm to those tags and families (each must exist and suit the
    version)."""
    target = version_tuple(version)
    allowed = available_features(target)
    if features is not None:
        wanted = features = expand_features(features)
        allowed = tuple(t for t in wanted if t in allowed and t != "uncaught")
        if not allowed:
            raise ValueError("none of the features %s exists in Python %d.%d"
                             % (", ".join(wanted), target[0], target[1]))
    enabled = [tag for tag in allowed if source.coin(0.5)] or [source.choice(allowed)]
    builder = Builder(source=source, version=target, checksum=source.coin(0.25))
    # One block, then another while a coin says so: a shrinker deletes blocks by
    # deleting their draws, which a count drawn up front would not let it do.
    for number in range(MAX_BLOCKS):
        if number and not source.coin(MORE_BLOCKS):
            break
        tag = source.choice(enabled)
        FEATURES[tag].block(builder)
        builder.used.add(tag)
    if (features is None or "uncaught" in features) and source.coin(UNCAUGHT_PROBABILITY):
        FEATURES["uncaught"].block(builder)
        builder.used.add("uncaught")
    return GeneratedProgram(_assemble(builder, origin), _tags(builder), target,
                            builder.expects, origin)


def _tags(builder: Builder) -> Tuple[str, ...]:
    tags = set(builder.used)
    if builder.checksum:
        tags.add("checksum")
    return tuple(sorted(tags))


def _assemble(builder: Builder, origin: str) -> str:
    head = ["# feature: %s" % ", ".join(_tags(builder)),
            "# requires: %d.%d" % builder.version]
    if origin:
        head.append("# generated: %s" % origin)
    head += ["import %s" % name for name in sorted(builder.imports)]
    parts = ["\n".join(head) + "\n"]
    if builder.checksum:
        parts.append(_CHECKSUM_PRELUDE)
    body = list(builder.lines)
    if builder.checksum:
        # An uncaught exception ends the program before a final print would run.
        at = len(body) - 1 if builder.expects else len(body)
        body[at:at] = ["print('checksum', _ck)"]
    parts.append("\n".join(body) + "\n")
    return "\n".join(parts)


def generate(seed: int, index: int, versions: Sequence[str],
             features: Optional[Iterable[str]] = None) -> GeneratedProgram:
    """Case ``index`` of the campaign ``seed``: its target is one of ``versions``
    (so it applies to that version and the later ones among them)."""
    source = RandomSource.for_case(seed, index)
    ordered = sorted(versions, key=version_tuple)
    version = source.choice(ordered)
    return build(source, version, features, origin="seed %d index %d" % (seed, index))


def programs(version: object = "3.8", features: Optional[Iterable[str]] = None):
    """A Hypothesis strategy of :class:`GeneratedProgram` for ``version``."""
    from hypothesis import strategies as st
    chosen = None if features is None else tuple(features)

    @st.composite
    def strategy(draw) -> GeneratedProgram:
        return build(HypothesisSource(draw), version, chosen)

    return strategy()


def syntax():
    """hypothesmith's strategy of syntactically valid programs (host grammar), as text."""
    import hypothesmith
    return hypothesmith.from_grammar()


def syntax_case(seed: int, index: int) -> str:
    """A deterministic hypothesmith program for ``(seed, index)``: a short
    Hypothesis run under a fixed seed, keeping its last example."""
    import hashlib

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed
    seen = []

    @fix_seed(int.from_bytes(hashlib.sha256(b"%d:%d" % (seed, index)).digest()[:8], "big"))
    @settings(max_examples=3, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(syntax())
    def collect(text: str) -> None:
        seen.append(text)

    collect()
    return seen[-1] if seen else ""
