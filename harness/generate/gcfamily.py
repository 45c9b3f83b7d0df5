"""The ``gc`` feature family: cyclic garbage and what a program can see of its collection.

Each block builds garbage that only the cyclic collector reclaims (rings, self-loops
and cycles through a container, made of lists, dicts, instances, closures, frames,
generators and exceptions with their tracebacks), drops its names and prints what
``gc.collect()`` returns, together with what runs during the collection (``__del__``,
weakref callbacks, a generator's ``finally``) and, in some blocks, ``gc.get_count()``,
``gc.get_stats()`` differences and the info dicts ``gc.callbacks`` receive.

Why the blocks are shaped this way:

* a block opens with an unprinted ``gc.collect()``, so garbage left by earlier blocks
  (or by the interpreter's start-up) is not part of what it prints, and every object
  alive before it is in the oldest generation;
* its classes are defined before that collection: a class is a nest of cycles, and
  making one allocates dozens of objects;
* it allocates a few hundred objects at most between its first collection and its
  last read, far under generation 0's threshold (700; 2000 from 3.13), so no automatic
  collection starts inside it -- except ``gc-thresholds``, which sets small
  thresholds to start them on purpose and puts the old ones back;
* ``gc.get_count()`` is read into a variable before anything is printed (printing
  makes objects), and the blocks that read it make their garbage with statements at
  module level, without calls (before 3.11 a call makes a frame, a GC object);
* loops over the nodes use indices, never a name bound to a node (it would keep the
  node alive), and weak references live in a list made before the garbage and kept
  after it, so their callbacks run;
* output is deterministic: names are strings the block chose, never ids or reprs with
  addresses, and info dicts are printed as sorted items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .features import feature
from .program import Builder

#: Longest ring or chain a block builds.
MAX_NODES = 30

#: How nodes refer to each other: each to itself, each to the next (a ring), or
#: each to the next through a container (a tuple, list or dict in between).
SHAPES = ("ring", "self", "container")
CONTAINERS = ("(%s,)", "[%s]", "{'to': %s}")


@dataclass(frozen=True)
class Watch:
    """How a block observes its objects dying: ``cls`` is a class whose instances are
    observed (its ``__del__`` prints ``del <tag>`` when ``finalizer``), ``refs`` a list
    of weak references whose callbacks print ``callback <tag>`` (None: no callbacks)."""

    cls: str
    finalizer: bool
    refs: Optional[str]


def _begin(b: Builder) -> None:
    b.need("gc")
    b.emit("gc.collect()")


def _nodes(b: Builder) -> int:
    return b.source.integer(1, MAX_NODES) if b.source.coin(0.3) else b.source.integer(1, 6)


def _watch(b: Builder, slots: bool = False) -> Watch:
    """Defines the observed class (before the block's first collection) and the list
    of weak references, and says how they are used."""
    finalizer, callbacks = b.source.coin(), b.source.coin()
    cls = b.fresh("Obs")
    b.emit("class %s:" % cls)
    with b.indent():
        if slots:
            b.emit("__slots__ = ('tag', 'link', 'box', '__weakref__')")
        if finalizer:
            b.emit("def __del__(self):")
            with b.indent():
                b.emit("print('del', self.tag)")
        elif not slots:
            b.emit("pass")
    refs = None
    if callbacks:
        b.need("weakref")
        refs = b.fresh("refs")
    return Watch(cls, finalizer, refs)


def _open_watch(b: Builder, w: Watch) -> None:
    """After the block's first collection: the list the weak references live in."""
    if w.refs:
        b.emit("%s = []" % w.refs)


def _observe(b: Builder, w: Watch, target: str, tag: str) -> None:
    """Statements giving ``target`` (a new instance of ``w.cls``) the tag ``tag`` (an
    expression) and, with callbacks, a weak reference that prints it."""
    b.emit("%s.tag = %s" % (target, tag))
    if w.refs:
        b.emit("%s.append(weakref.ref(%s, lambda r, t=%s: print('callback', t)))"
               % (w.refs, target, target + ".tag"))


def _after(b: Builder, w: Optional[Watch]) -> None:
    """What is left to see once the garbage is gone: which weak references are dead."""
    if w is not None and w.refs and b.source.coin(0.5):
        b.show("[r() is None for r in %s]" % w.refs)


def _link_all(b: Builder, ring: str, n: int, link: str, shape: str) -> None:
    """Statements making the nodes ``ring[0..n-1]`` refer to each other in ``shape``;
    ``link`` is a template taking the node and what it refers to."""
    i = b.fresh("i")
    if shape == "self":
        target = "%s[%s]" % (ring, i)
    else:
        target = "%s[(%s + 1) %% %d]" % (ring, i, n)
    if shape == "container":
        target = b.source.choice(CONTAINERS) % target
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit(link % ("%s[%s]" % (ring, i), target))


def _collect(b: Builder) -> None:
    """Print one full collection's result, or a younger generation's then the rest."""
    if b.source.coin(0.2):
        b.show("gc.collect(%d)" % b.source.integer(0, 1))
    b.show("gc.collect()")


# -- containers ------------------------------------------------------------------------


@feature("gc-lists")
def gc_lists(b: Builder) -> None:
    """Rings and self-loops of lists, some holding observed instances."""
    w = _watch(b) if b.source.coin(0.6) else None
    _begin(b)
    if w:
        _open_watch(b, w)
    n, ring = _nodes(b), b.fresh("ring")
    b.emit("%s = []" % ring)
    i = b.fresh("i")
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit("%s.append([%s])" % (ring, i))
        if w:
            b.emit("%s[-1].append(%s())" % (ring, w.cls))
            _observe(b, w, "%s[-1][-1]" % ring, "'l%%d' %% %s" % i)
    _link_all(b, ring, n, "%s.append(%s)", b.source.choice(SHAPES))
    b.emit("del %s" % ring)
    _collect(b)
    _after(b, w)


@feature("gc-dicts")
def gc_dicts(b: Builder) -> None:
    """Dicts in cycles, with str keys (only values traversed) or int keys."""
    w = _watch(b) if b.source.coin(0.6) else None
    _begin(b)
    if w:
        _open_watch(b, w)
    n, ring = _nodes(b), b.fresh("dring")
    key = b.source.choice(("'next'", "0", "('k', 1)"))
    b.emit("%s = []" % ring)
    i = b.fresh("i")
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit("%s.append({'n': %s})" % (ring, i))
        if w:
            b.emit("%s[-1]['obs'] = %s()" % (ring, w.cls))
            _observe(b, w, "%s[-1]['obs']" % ring, "'d%%d' %% %s" % i)
    _link_all(b, ring, n, "%%s[%s] = %%s" % key, b.source.choice(SHAPES))
    b.emit("del %s" % ring)
    _collect(b)
    _after(b, w)


@feature("gc-instances")
def gc_instances(b: Builder) -> None:
    """Instances (with a __dict__ or __slots__) in cycles, with __del__ and weakref
    callbacks, some finalizers resurrecting their object once."""
    slots = b.source.coin(0.3)
    w = _watch(b, slots=slots)
    resurrect = w.finalizer and b.source.coin(0.25)
    keep = b.fresh("keep")
    if resurrect:
        # A second class whose finalizer keeps its object: PEP 442 calls it once only.
        cls = b.fresh("Back")
        b.emit_all("""
            class %s(%s):
                def __del__(self):
                    print('del', self.tag)
                    %s.append(self)""" % (cls, w.cls, keep))
    else:
        cls = w.cls
    _begin(b)
    _open_watch(b, w)
    if resurrect:
        b.emit("%s = []" % keep)
    n, ring = _nodes(b), b.fresh("objs")
    b.emit("%s = []" % ring)
    i = b.fresh("i")
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        made = cls if not resurrect or b.source.coin() else \
            "(%s if %s %% 2 else %s)" % (w.cls, i, cls)
        b.emit("%s.append(%s())" % (ring, made))
        _observe(b, w, "%s[-1]" % ring, "'o%%d' %% %s" % i)
    shape = b.source.choice(SHAPES)
    _link_all(b, ring, n, "%s.box = %s" if shape == "container" else "%s.link = %s", shape)
    b.emit("del %s" % ring)
    _collect(b)
    if resurrect:
        b.show("len(%s)" % keep, "sorted(o.tag for o in %s)" % keep)
        b.emit("del %s[:]" % keep)
        b.show("gc.collect()")
    _after(b, w)


# -- code objects at run time: closures, frames, generators, exceptions ----------------


@feature("gc-closures")
def gc_closures(b: Builder) -> None:
    """Nested functions referring to themselves or each other through their cells."""
    w = _watch(b) if b.source.coin(0.5) else None
    make, m = b.fresh("make"), b.source.integer(1, 4)
    names = ["f%d" % k for k in range(m)]
    b.emit("def %s(tag):" % make)
    with b.indent():
        if w:
            b.emit("held = %s()" % w.cls)
            _observe(b, w, "held", "tag")
        for k, name in enumerate(names):
            b.emit("def %s(depth):" % name)
            with b.indent():
                other = names[(k + 1) % m]
                b.emit("return %s if depth else %s" % (other, "held" if w else "tag"))
        if b.source.coin(0.3):
            b.emit("%s.attr = %s" % (names[0], names[-1]))
        b.emit("return %s" % names[0])
    _begin(b)
    if w:
        _open_watch(b, w)
    made = b.fresh("made")
    count = b.source.integer(1, 5)
    b.emit("%s = [%s('c%%d' %% k) for k in range(%d)]" % (made, make, count))
    if b.source.coin():
        b.show("%s[0](%d) is %s[0]" % (made, m, made), "%s[-1](0)" % made
               + (".tag" if w else ""))
    b.emit("del %s" % made)
    _collect(b)
    _after(b, w)


@feature("gc-frames")
def gc_frames(b: Builder) -> None:
    """Frames kept alive by their own locals: sys._getframe(), an inner frame whose
    f_back is the caller, a traceback, a frame's f_locals."""
    b.need("sys")
    w = _watch(b) if b.source.coin(0.5) else None
    hold = b.fresh("hold")
    how = b.source.choice(("self", "inner", "traceback", "f_locals"))
    b.emit("def %s(tag):" % hold)
    with b.indent():
        if w:
            b.emit("held = %s()" % w.cls)
            _observe(b, w, "held", "tag")
        if how == "self":
            b.emit("fr = sys._getframe()")
        elif how == "inner":
            b.emit("def inner():")
            with b.indent():
                b.emit("return sys._getframe()")
            b.emit("fr = inner()")
        elif how == "traceback":
            b.emit("try:")
            with b.indent():
                b.emit("raise KeyError(tag)")
            b.emit("except KeyError as e:")
            with b.indent():
                b.emit("tb = e.__traceback__")
        else:
            b.emit("fr = sys._getframe()")
            b.emit("loc = fr.f_locals")
        b.emit("return tag")
    _begin(b)
    if w:
        _open_watch(b, w)
    k = b.fresh("k")
    b.emit("for %s in range(%d):" % (k, b.source.integer(1, 8)))
    with b.indent():
        b.emit("%s('f%%d' %% %s)" % (hold, k))
    _collect(b)
    _after(b, w)


@feature("gc-generators")
def gc_generators(b: Builder) -> None:
    """Generators reachable from their own frame (through an argument, or sent to
    themselves), unstarted or suspended, with or without a finally that runs when
    the collector closes them."""
    gen = b.fresh("gen")
    final = b.source.coin()
    b.emit("def %s(peer, tag):" % gen)
    with b.indent():
        if final:
            b.emit("try:")
            with b.indent():
                b.emit("got = yield tag")
                b.emit("yield got")
            b.emit("finally:")
            with b.indent():
                b.emit("print('finally', tag)")
        else:
            b.emit("got = yield tag")
            b.emit("yield got")
    _begin(b)
    n, ring = _nodes(b), b.fresh("gring")
    state = b.source.choice(("unstarted", "started", "sent"))
    b.emit("%s = []" % ring)
    i = b.fresh("i")
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit("%s.append([])" % ring)
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit("%s[%s].append(%s(%s[(%s + 1) %% %d], 'g%%d' %% %s))"
               % (ring, i, gen, ring, i, n, i))
        if state != "unstarted":
            b.emit("next(%s[%s][0])" % (ring, i))
        if state == "sent":
            b.emit("%s[%s][0].send(%s[%s][0])" % (ring, i, ring, i))
    b.emit("del %s" % ring)
    _collect(b)


@feature("gc-exceptions")
def gc_exceptions(b: Builder) -> None:
    """Caught exceptions kept in a local of the frame their traceback holds, chained
    (__context__, __cause__) or referring to themselves."""
    err = b.fresh("Boom")
    finalizer = b.source.coin()
    b.emit("class %s(Exception):" % err)
    with b.indent():
        if finalizer:
            b.emit("def __del__(self):")
            with b.indent():
                b.emit("print('del', self.args[0])")
        else:
            b.emit("pass")
    fail, keep = b.fresh("fail"), b.fresh("keep")
    b.emit_all("""
        def %s(depth, tag):
            if depth:
                %s(depth - 1, tag)
            raise %s(tag)""" % (fail, fail, err))
    how = b.source.choice(("kept", "chained", "cause", "self"))
    b.emit("def %s(tag, depth):" % keep)
    with b.indent():
        b.emit("try:")
        with b.indent():
            b.emit("%s(depth, tag)" % fail)
        b.emit("except %s as e:" % err)
        with b.indent():
            if how == "kept":
                b.emit("err = e")
            elif how == "self":
                b.emit("e.me = e")
            else:
                b.emit("try:")
                with b.indent():
                    b.emit("raise %s(tag + '!')%s" % (err, " from e" if how == "cause" else ""))
                b.emit("except %s as e2:" % err)
                with b.indent():
                    b.emit("err = e2")
        b.emit("return tag")
    _begin(b)
    k = b.fresh("k")
    depth = b.source.integer(0, 6)
    b.emit("for %s in range(%d):" % (k, b.source.integer(1, 6)))
    with b.indent():
        b.emit("%s('e%%d' %% %s, %d)" % (keep, k, depth))
    _collect(b)


# -- what the gc module reports ---------------------------------------------------------


def _plain_garbage(b: Builder, cls: str) -> None:
    """Module-level statements, no calls but ``range`` and instance creation without
    ``__init__``, leaving a cycle of ``n`` nodes unreachable."""
    n, ring = _nodes(b), b.fresh("ring")
    node = b.source.choice(("[]", "{}", "%s()" % cls))
    b.emit("%s = []" % ring)
    i = b.fresh("i")
    b.emit("for %s in range(%d):" % (i, n))
    with b.indent():
        b.emit("%s.append(%s)" % (ring, node))
    if node == "[]":
        link = "%s.append(%s)"
    elif node == "{}":
        link = "%s['to'] = %s"
    else:
        link = "%s.link = %s"
    _link_all(b, ring, n, link, b.source.choice(("ring", "self")))
    b.emit("del %s" % ring)


@feature("gc-callbacks")
def gc_callbacks(b: Builder) -> None:
    """gc.callbacks: the phases and info dicts a callback sees for collections of
    each generation."""
    cls, cb, log = b.fresh("Node"), b.fresh("watch"), b.fresh("log")
    b.emit_all("""
        class %s:
            pass
        def %s(phase, info):
            %s.append((phase, sorted(info.items())))""" % (cls, cb, log))
    _begin(b)
    b.emit("%s = []" % log)
    b.emit("gc.callbacks.append(%s)" % cb)
    for _ in range(b.source.integer(1, 2)):
        _plain_garbage(b, cls)
        generation = b.source.choice(("", "0", "1", "2"))
        b.emit("gc.collect(%s)" % generation)
    b.emit("gc.callbacks.remove(%s)" % cb)
    b.emit("for entry in %s:" % log)
    with b.indent():
        b.show("entry")


@feature("gc-stats")
def gc_stats(b: Builder) -> None:
    """gc.get_count() before and after a collection, and how gc.get_stats()'s
    collections and collected moved, per generation."""
    cls = b.fresh("Node")
    b.emit_all("""
        class %s:
            pass""" % cls)
    _begin(b)
    before, after = b.fresh("before"), b.fresh("after")
    young, left, got = b.fresh("young"), b.fresh("left"), b.fresh("got")
    b.emit("%s = gc.get_stats()" % before)
    _plain_garbage(b, cls)
    b.emit("%s = gc.get_count()" % young)
    b.emit("%s = gc.collect(%d)" % (got, b.source.integer(0, 2)))
    b.emit("%s = gc.get_count()" % left)
    b.emit("%s = gc.get_stats()" % after)
    b.show(got, young, left)
    b.show("[(a['collections'] - s['collections'], a['collected'] - s['collected'], "
           "a['uncollectable'] - s['uncollectable']) for s, a in zip(%s, %s)]"
           % (before, after))


#: What a gc-thresholds block makes per iteration: a cycle of one object, freed only by
#: a collection (one GC allocation each, two for an instance before 3.11).
SELF_CYCLES = ("%s = [None]\n%s[0] = %s", "%s = {}\n%s['me'] = %s", "%s = %%s()\n%s.me = %s")


@feature("gc-thresholds")
def gc_thresholds(b: Builder) -> None:
    """Automatic collections: small thresholds set, then self-cycles made at module
    level in numbers that pass them several times (generation 0 and, through the
    long-lived rule, the older ones), then the thresholds put back.  Prints what the
    collections did: gc.get_count() at the end and gc.get_stats()'s moves.  Each
    iteration drops the last one's cycle before it allocates, and nothing after the
    allocation allocates or makes garbage before the loop's next check, so a
    collection started at the allocation (3.8-3.11) or at the next eval-breaker
    check (3.12+) finds the same garbage and leaves the same count."""
    cls = b.fresh("Node")
    b.emit_all("""
        class %s:
            pass""" % cls)
    saved, before, after, left = (b.fresh("saved"), b.fresh("before"), b.fresh("after"),
                                  b.fresh("left"))
    b.need("gc")
    b.emit("%s = gc.get_threshold()" % saved)
    t0 = b.source.integer(5, 60)
    # set before the block's first collection, which sets the count to 0 and empties
    # the free lists: what set_threshold allocates is not part of what is printed
    b.emit("gc.set_threshold(%d, %d, %d)" % (t0, b.source.integer(1, 5),
                                             b.source.integer(1, 5)))
    b.emit("gc.collect()")
    b.emit("%s = gc.get_stats()" % before)
    x, i = b.fresh("x"), b.fresh("i")
    b.emit("%s = None" % x)
    for _ in range(b.source.integer(1, 2)):
        shape = b.source.choice(SELF_CYCLES)
        if "%%s()" in shape:
            shape = shape.replace("%%s()", "%s()" % cls)
        first, second = shape.split("\n")
        b.emit("for %s in range(%d):" % (i, b.source.integer(t0, 8 * t0)))
        with b.indent():
            b.emit("del %s" % x)
            b.emit(first % x)
            b.emit(second % (x, x))
    b.emit("del %s" % x)
    b.emit("%s = gc.get_count()" % left)
    b.emit("%s = gc.get_stats()" % after)
    b.emit("gc.set_threshold(*%s)" % saved)
    b.show(left)
    b.show("[(a['collections'] - s['collections'], a['collected'] - s['collected']) "
           "for s, a in zip(%s, %s)]" % (before, after))
