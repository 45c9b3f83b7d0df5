"""Generators, coroutines and async generators (Objects/genobject.c).

A generator owns its suspended :class:`~minivm.vm.frame.Frame`; ``send`` pushes
the sent value on the frame's stack and resumes the eval loop at ``frame.pc``;
``throw`` resumes it with an exception raised at the suspension point.  While a
generator runs, its own handled-exception slot is pushed on the interpreter's
exception stack, as CPython links ``gi_exc_state`` into the thread state.
"""

from __future__ import annotations

from ..objects import abstract
from ..objects.abstract import ITERNEXT, call
from ..objects.core import R, STATE, BuiltinKind, PyErr, PyObject, decref, err, incref, \
    is_subtype, new_exception, type_lookup
from ..objects.scalars import NONE, new_str
from ..objects.typeobject import getset, make_type, method
from .frame import keep_back

K = BuiltinKind


class PyGen(PyObject):
    __slots__ = ("frame", "state", "exc_value", "yielded", "name", "qualname", "ob_weak",
                 "awaited", "hooks_done", "ag_closed", "ag_running_async")


def _gen_dealloc(g):
    if g.ob_weak:
        from ..objects.weakrefs import clear_weakrefs
        clear_weakrefs(g)
    if g.state == "suspended":
        g.ob_refcnt = 1
        try:
            decref(gen_close(g))
        except PyErr as e:
            STATE.vm.write_unraisable(e.exc, "Exception ignored in", g)
        g.ob_refcnt -= 1
        if g.ob_refcnt > 0:
            return
    frame = g.frame
    g.frame = None
    if frame is not None:
        frame.gen = None
        decref(frame)
    ev = g.exc_value
    g.exc_value = None
    if ev is not None:
        if STATE.target.runtime("exc_info_holds_type"):
            from .unwind import drop_exc_state
            drop_exc_state(ev)
        else:
            decref(ev)


generator_type = make_type("generator", layout=PyGen, basetype=False, dealloc=_gen_dealloc)
coroutine_type = make_type("coroutine", layout=PyGen, basetype=False, dealloc=_gen_dealloc)
async_generator_type = make_type("async_generator", layout=PyGen, basetype=False,
                                 dealloc=_gen_dealloc)
for _tp in (generator_type, coroutine_type, async_generator_type):
    _tp.tp_hasweak = True


def new_generator(frame) -> PyGen:
    flags = frame.code.flags
    tp = coroutine_type if flags & 0x80 else async_generator_type if flags & 0x200 \
        else generator_type
    g = PyGen.__new__(PyGen)
    g.ob_refcnt = 1
    g.ob_type = tp
    g.frame = incref(frame)
    frame.gen = g
    g.state = "created"
    g.exc_value = None
    g.yielded = False
    g.ob_weak = None
    g.awaited = False
    g.hooks_done = False
    g.ag_closed = False
    g.ag_running_async = False
    func = frame.func
    g.name = incref(func.name) if func is not None else new_str(frame.code.co.co_name)
    g.qualname = incref(func.qualname) if func is not None else \
        new_str(frame.code.co.co_qualname)
    return g


def _kind(g) -> str:
    if g.ob_type is coroutine_type:
        return "coroutine"
    if g.ob_type is async_generator_type:
        return "async generator"
    return "generator"


def gen_send_ex(g: PyGen, value, exc=None):
    """Resume ``g``; returns ``(result, returned)``: the yielded value, or the return
    value with ``returned`` True (the generator is then closed).  ``value`` is
    borrowed, ``exc`` (to throw) owned."""
    state = g.state
    if state == "running":
        if exc is not None:
            decref(exc)
        raise err("ValueError", "%s already executing" % _kind(g))
    if state == "closed":
        if exc is not None:
            raise PyErr(exc)
        if g.ob_type is coroutine_type:
            raise err("RuntimeError", "cannot reuse already awaited coroutine")
        if g.ob_type is async_generator_type:
            raise PyErr(new_exception("StopAsyncIteration", None))
        return incref(NONE), True
    frame = g.frame
    if state == "created" and exc is None and value is not NONE:
        raise err("TypeError", "can't send non-None value to a just-started %s" % _kind(g))
    vm = STATE.vm
    # CPython pushes the sent value even when throwing: the exception table's stack
    # depth for a suspension point counts it.  Before 3.10 a generator's first
    # resumption pushes nothing (3.10's GEN_START pops what it pushes).
    if state != "created" or vm.target.runtime("gen_start_pops_first_send"):
        frame.append(incref(value))
    g.state = "running"
    g.yielded = False
    vm.exc_stack.append(g.exc_value)
    g.exc_value = None
    frame.back = vm.frame_stack[-1] if vm.frame_stack else None
    vm.frame_stack.append(frame)
    try:
        result = _eval_frame(vm, frame, exc)
    except PyErr:
        g.state = "closed"
        _finish(g, vm)
        raise
    finally:
        vm.frame_stack.pop()
        g.exc_value = vm.exc_stack.pop()
        _take_ownership(g, frame)
    if g.yielded:
        g.state = "suspended"
        return result, False
    g.state = "closed"
    _finish(g, vm)
    return result, True


def _eval_frame(vm, frame, exc):
    from .eval import eval_frame
    globals()["_eval_frame"] = eval_frame
    return eval_frame(vm, frame, exc)


def _take_ownership(g, frame) -> None:
    """The generator stopped running.  If it finished while a frame object of its
    frame is referenced from elsewhere, 3.12 clears the frame while it still links
    to its caller, so the frame object links to the caller's frame object, made now
    (as Interpreter.execute does for a function's frame; 3.11 and 3.13 unlink a
    generator's frame from its caller first)."""
    if not g.yielded and STATE.target.runtime("gen_exit_links_caller_frame"):
        keep_back(frame)
    else:
        frame.back = None


def _finish(g, vm):
    frame = g.frame
    if frame is not None:
        frame.clear_locals()


def gen_next(g):
    """``tp_iternext`` of generators: next value or None when exhausted."""
    if g.state == "suspended":
        # The common resumption, as gen_send_ex does it without the checks.
        vm = STATE.vm
        frame = g.frame
        frame.append(NONE)
        g.state = "running"
        g.yielded = False
        exc_stack = vm.exc_stack
        exc_stack.append(g.exc_value)
        g.exc_value = None
        frames = vm.frame_stack
        frame.back = frames[-1] if frames else None
        frames.append(frame)
        try:
            result = _eval_frame(vm, frame, None)
        except PyErr:
            g.state = "closed"
            _finish(g, vm)
            raise
        finally:
            frames.pop()
            g.exc_value = exc_stack.pop()
            _take_ownership(g, frame)
        if g.yielded:
            g.state = "suspended"
            return result
        g.state = "closed"
        _finish(g, vm)
        if result is not NONE:
            decref(result)
        return None
    result, returned = gen_send_ex(g, NONE)
    if returned:
        if result is not NONE:
            decref(result)
        return None
    return result


def _stop_iteration_with(value):
    if value is NONE:
        exc = new_exception("StopIteration", None)
    else:
        exc = new_exception("StopIteration", None, value)
    decref(value)
    return PyErr(exc)


def gen_send(g, value):
    result, returned = gen_send_ex(g, value)
    if returned:
        if g.ob_type is async_generator_type:
            decref(result)
            raise PyErr(new_exception("StopAsyncIteration", None))
        raise _stop_iteration_with(result)
    return result


def _yf(g):
    """The sub-iterator a suspended generator delegates to (``yield from``/``await``)."""
    if g.state != "suspended":
        return None
    from .eval import op_RESUME, op_RESUME_312
    frame = g.frame
    instrs = frame.code.instrs
    nxt = instrs[frame.pc] if frame.pc < len(instrs) else None
    if nxt is None:
        return None
    if nxt[0] is _YIELD_FROM[0]:
        # before 3.11 a delegating frame is suspended at its YIELD_FROM
        return frame[-1] if frame else None
    if (nxt[0] is not op_RESUME and nxt[0] is not op_RESUME_312) or nxt[1] < 2:
        return None
    return frame[-1] if frame else None


#: 3.10's YIELD_FROM handler (dialect310 sets it; generators never import dialects)
_YIELD_FROM = [None]


def gen_throw(g, typ, val=None, tb=None, close_on_genexit=True):
    """``generator.throw``: the next yielded value, or StopIteration with the return."""
    result, returned = gen_throw_ex(g, (typ, val, tb), close_on_genexit)
    return _result(g, result, returned)


def gen_throw_ex(g, args, close_on_genexit=True):
    """``_gen_throw``: ``(result, returned)`` of throwing ``args`` (typ[, val[, tb]])
    into ``g``, delegating to a ``yield from``/``await`` target first.  A
    GeneratorExit closes the target instead, except for ``aclose`` (which passes
    ``close_on_genexit=False``)."""
    args = tuple(args) + (None,) * (3 - len(args))
    exc = _make_throw_exc(*args)
    yf = _yf(g)
    if yf is None:
        return gen_send_ex(g, NONE, exc)
    if close_on_genexit and is_subtype(exc.ob_type, R.exc["GeneratorExit"]):
        g.state = "running"
        try:
            _close_iter(yf)
        except PyErr as e:
            g.state = "suspended"
            decref(exc)
            return gen_send_ex(g, NONE, e.exc)
        g.state = "suspended"
        return gen_send_ex(g, NONE, exc)
    g.state = "running"
    try:
        if isinstance(yf, PyGen):
            ret, returned = gen_throw_ex(yf, (exc,), close_on_genexit)
            decref(exc)
        else:
            meth = type_lookup(yf.ob_type, "throw")
            if meth is None:
                g.state = "suspended"
                return gen_send_ex(g, NONE, exc)
            ret = abstract.call_method_obj(meth, yf, [exc])
            decref(exc)
            returned = False
    except PyErr as e:
        g.state = "suspended"
        return gen_send_ex(g, NONE, e.exc)
    g.state = "suspended"
    if returned:
        # The delegate finished: CLEANUP_THROW turns this StopIteration into the
        # value of the ``yield from`` in the outer frame.
        stop = new_exception("StopIteration", None, ret) if ret is not NONE else \
            new_exception("StopIteration", None)
        decref(ret)
        return gen_send_ex(g, NONE, stop)
    return ret, False


def _result(g, result, returned):
    if returned:
        if g.ob_type is async_generator_type:
            decref(result)
            raise PyErr(new_exception("StopAsyncIteration", None))
        raise _stop_iteration_with(result)
    return result


def _close_iter(yf):
    if isinstance(yf, PyGen):
        decref(gen_close(yf))
        return
    meth = type_lookup(yf.ob_type, "close")
    if meth is not None:
        decref(abstract.call_method_obj(meth, yf, []))


def _normalize(typ, val):
    """``_PyErr_CreateException``: the instance of exception class ``typ`` for
    ``val`` (an instance already, None, a tuple of arguments or the argument)."""
    if val is None or val is NONE:
        exc = call(typ, [])
    elif is_subtype(val.ob_type, typ):
        return incref(val)
    elif val.ob_type is R.types["tuple"]:
        exc = call(typ, list(val.items))
    else:
        exc = call(typ, [val])
    if not is_subtype(exc.ob_type, R.exc["BaseException"]):
        name = exc.ob_type.tp_name
        decref(exc)
        raise err("TypeError", "calling %s should have returned an instance of BaseException, "
                  "not %s" % (abstract.repr_text(typ), name))
    return exc


def _make_throw_exc(typ, val, tb):
    from ..objects.core import PyType
    if isinstance(typ, PyType) and is_subtype(typ, R.exc["BaseException"]):
        try:
            exc = _normalize(typ, val)
        except PyErr as e:
            # PyErr_NormalizeException: the error normalizing raised is what is
            # thrown in, without the traceback given
            return e.exc
    elif is_subtype(typ.ob_type, R.exc["BaseException"]):
        if val is not None and val is not NONE:
            raise err("TypeError", "instance exception may not have a separate value")
        exc = incref(typ)
    else:
        raise err("TypeError", "exceptions must be classes or instances deriving from "
                  "BaseException, not %s" % typ.ob_type.tp_name)
    if tb is not None and tb is not NONE:
        old = exc.traceback
        exc.traceback = incref(tb)
        if old is not None:
            decref(old)
    return exc


def gen_close(g):
    if g.state == "created":
        g.state = "closed"
        if not STATE.target.runtime("gen_close_keeps_unstarted_frame"):
            _finish(g, STATE.vm)
        return incref(NONE)
    if g.state == "closed":
        return incref(NONE)
    exc = new_exception("GeneratorExit", None)
    try:
        result = gen_throw(g, exc)
    except PyErr as e:
        if is_subtype(e.exc.ob_type, R.exc["StopIteration"]) and \
                STATE.target.runtime("generator_close_returns_value"):
            # 3.13: close() returns what the generator returned on GeneratorExit.
            value = (e.exc.extra or {}).get("value") or NONE
            incref(value)
            decref(e.exc)
            decref(exc)
            return value
        if is_subtype(e.exc.ob_type, R.exc["GeneratorExit"]) or \
                is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
            decref(e.exc)
            decref(exc)
            return incref(NONE)
        decref(exc)
        raise
    decref(exc)
    decref(result)
    raise err("RuntimeError", "%s ignored GeneratorExit" % _kind(g))


ITERNEXT[generator_type] = gen_next
method(generator_type, "__iter__", K.NOARGS)(incref)


@method(generator_type, "__next__", K.NOARGS)
def _gen_next_method(g):
    return gen_send(g, NONE)


for _tp in (generator_type, coroutine_type):
    method(_tp, "send")(gen_send)
    method(_tp, "throw", K.VARARGS, 1, 3)(lambda g, *a: gen_throw(g, *a))
    method(_tp, "close", K.NOARGS)(gen_close)

for _tp in (generator_type, coroutine_type, async_generator_type):
    getset(_tp, "__name__")(lambda g: incref(g.name))
    getset(_tp, "__qualname__")(lambda g: incref(g.qualname))
    method(_tp, "__repr__", K.NOARGS)(lambda g: new_str("<%s object %s at 0x%x>" % (
        g.ob_type.tp_name, g.qualname.value, STATE.vm.fake_address(g))))

getset(generator_type, "gi_running")(lambda g: incref(R.true if g.state == "running"
                                                      else R.false))
getset(generator_type, "gi_suspended")(lambda g: incref(R.true if g.state == "suspended"
                                                        else R.false))
getset(generator_type, "gi_frame")(lambda g: incref(g.frame if g.state != "closed" else NONE))
getset(coroutine_type, "cr_running")(lambda g: incref(R.true if g.state == "running"
                                                      else R.false))
getset(coroutine_type, "cr_frame")(lambda g: incref(g.frame if g.state != "closed" else NONE))


# -- await ------------------------------------------------------------------------------------

class PyCoroWrapper(PyObject):
    __slots__ = ("coro",)


coro_wrapper_type = make_type("coroutine_wrapper", layout=PyCoroWrapper, basetype=False,
                              dealloc=lambda o: decref(o.coro))


@method(coroutine_type, "__await__", K.NOARGS)
def coro_await(g):
    w = PyCoroWrapper.__new__(PyCoroWrapper)
    w.ob_refcnt = 1
    w.ob_type = coro_wrapper_type
    w.coro = incref(g)
    return w


method(coro_wrapper_type, "__iter__", K.NOARGS)(incref)
method(coro_wrapper_type, "__next__", K.NOARGS)(lambda w: gen_send(w.coro, NONE))
method(coro_wrapper_type, "send")(lambda w, v: gen_send(w.coro, v))
method(coro_wrapper_type, "throw", K.VARARGS, 1, 3)(lambda w, *a: gen_throw(w.coro, *a))
method(coro_wrapper_type, "close", K.NOARGS)(lambda w: gen_close(w.coro))


def get_awaitable(o, where: int, anext: bool = False):
    """``_PyCoro_GetAwaitableIter`` with GET_AWAITABLE's error messages."""
    tp = o.ob_type
    if tp is coroutine_type:
        if _yf(o) is not None and o.state == "suspended":
            raise err("RuntimeError", "coroutine is being awaited already")
        return incref(o)
    if tp is generator_type and o.frame is not None and o.frame.code.flags & 0x100:
        return incref(o)
    meth = type_lookup(tp, "__await__")
    if meth is None:
        if anext:
            raise err("TypeError", "'async for' received an invalid object from __anext__: %s"
                      % tp.tp_name)
        if where == 1:
            raise err("TypeError", "'async with' received an object from __aenter__ that does "
                      "not implement __await__: %s" % tp.tp_name)
        if where == 2:
            raise err("TypeError", "'async with' received an object from __aexit__ that does "
                      "not implement __await__: %s" % tp.tp_name)
        raise err("TypeError", "object %s can't be used in 'await' expression" % tp.tp_name)
    it = abstract.call_method_obj(meth, o, [])
    if it.ob_type is coroutine_type or type_lookup(it.ob_type, "__next__") is None:
        t = it.ob_type.tp_name
        decref(it)
        raise err("TypeError", "__await__() returned non-iterator of type '%s'" % t)
    return it


def send_value(receiver, v):
    """SEND: ``(result, returned)`` for sending ``v`` (borrowed) into ``receiver``."""
    if isinstance(receiver, PyGen) and receiver.ob_type in (generator_type, coroutine_type):
        return gen_send_ex(receiver, v)
    try:
        nxt = type_lookup(receiver.ob_type, "__next__") if v is NONE else None
        if nxt is not None:
            return abstract.call_method_obj(nxt, receiver, []), False
        r = abstract.vectorcall_method("send", receiver, [v])
        return r, False
    except PyErr as e:
        if is_subtype(e.exc.ob_type, R.exc["StopIteration"]):
            value = (e.exc.extra or {}).get("value") or NONE
            incref(value)
            decref(e.exc)
            return value, True
        raise


# -- async generators -------------------------------------------------------------------------

class PyAsyncWrapped(PyObject):
    __slots__ = ("value",)


async_wrapped_type = make_type("async_generator_wrapped_value", layout=PyAsyncWrapped,
                               basetype=False, dealloc=lambda o: decref(o.value))


def wrap_async_value(v):
    w = PyAsyncWrapped.__new__(PyAsyncWrapped)
    w.ob_refcnt = 1
    w.ob_type = async_wrapped_type
    w.value = incref(v)
    return w


class PyASend(PyObject):
    """``async_generator_asend`` and ``async_generator_athrow`` awaitables.
    ``throw_args`` is the host tuple given to ``athrow`` or None for ``aclose``."""
    __slots__ = ("gen", "value", "state", "throw_args")


asend_type = make_type("async_generator_asend", layout=PyASend, basetype=False,
                       dealloc=lambda o: (decref(o.gen), decref(o.value)))
def _athrow_dealloc(o):
    decref(o.gen)
    decref(o.value)
    args, o.throw_args = o.throw_args, None
    for v in args or ():
        decref(v)


athrow_type = make_type("async_generator_athrow", layout=PyASend, basetype=False,
                        dealloc=_athrow_dealloc)

_IGNORED_EXIT = "async generator ignored GeneratorExit"


def _new_asend(tp, g, value, throw_args=None):
    a = PyASend.__new__(PyASend)
    a.ob_refcnt = 1
    a.ob_type = tp
    a.gen = incref(g)
    a.value = incref(value)
    a.state = "init"
    a.throw_args = throw_args
    return a


def _unwrap(g, call_, *args):
    """``async_gen_unwrap_value`` around ``call_(*args)`` (a send or throw into the
    async generator ``g``): an async ``yield`` becomes StopIteration(value); the end
    of the generator StopAsyncIteration, which also marks it closed."""
    try:
        result, returned = call_(*args)
    except PyErr as e:
        if is_subtype(e.exc.ob_type, R.exc["StopAsyncIteration"]) or \
                is_subtype(e.exc.ob_type, R.exc["GeneratorExit"]):
            g.ag_closed = True
        g.ag_running_async = False
        raise
    if returned:
        decref(result)
        g.ag_closed = True
        g.ag_running_async = False
        raise PyErr(new_exception("StopAsyncIteration", None))
    if result.ob_type is async_wrapped_type:
        value = incref(result.value)
        decref(result)
        g.ag_running_async = False
        raise _stop_iteration_with(value)
    return result


def _throw_ex(g, args, close_on_genexit=True):
    """``(result, returned)`` of throwing ``args`` (typ[, val[, tb]]) into ``g``."""
    return gen_throw_ex(g, args, close_on_genexit)


def asend_send(a, v):
    if a.state == "done":
        raise err("RuntimeError", "cannot reuse already awaited __anext__()/asend()")
    g = a.gen
    if a.state == "init":
        if g.ag_running_async:
            raise err("RuntimeError", "anext(): asynchronous generator is already running")
        if v is NONE:
            v = a.value
        a.state = "iter"
    g.ag_running_async = True
    try:
        return _unwrap(g, gen_send_ex, g, v)
    except PyErr:
        a.state = "done"
        raise


def asend_throw(a, *args):
    if a.state == "done":
        raise err("RuntimeError", "cannot reuse already awaited __anext__()/asend()")
    try:
        return _unwrap(a.gen, _throw_ex, a.gen, args)
    except PyErr:
        a.state = "done"
        raise


def athrow_send(a, v):
    g = a.gen
    if a.state == "done":
        raise err("RuntimeError", "cannot reuse already awaited aclose()/athrow()")
    if g.state == "closed":
        a.state = "done"
        raise PyErr(new_exception("StopIteration", None))
    if a.state == "init":
        if g.ag_running_async:
            a.state = "done"
            raise err("RuntimeError", "%s(): asynchronous generator is already running"
                      % ("aclose" if a.throw_args is None else "athrow"))
        if g.ag_closed:
            a.state = "done"
            raise PyErr(new_exception("StopAsyncIteration", None))
        if v is not NONE:
            raise err("RuntimeError", "can't send non-None value to a just-started coroutine")
        a.state = "iter"
        g.ag_running_async = True
        if a.throw_args is None:
            g.ag_closed = True
            return _aclose_result(a, _throw_ex, g, (R.exc["GeneratorExit"],), False)
        return _athrow_checked(a, _unwrap, g, _throw_ex, g, a.throw_args, False)
    if a.throw_args is None:
        return _aclose_result(a, gen_send_ex, g, v)
    return _unwrap(g, gen_send_ex, g, v)


def _athrow_checked(a, call_, *args):
    try:
        return call_(*args)
    except PyErr:
        a.gen.ag_running_async = False
        a.state = "done"
        raise


def _aclose_result(a, call_, *args):
    """aclose() mode: an async ``yield`` is an error; StopAsyncIteration or
    GeneratorExit mean the close is done (StopIteration)."""
    g = a.gen
    try:
        result, returned = call_(*args)
    except PyErr as e:
        g.ag_running_async = False
        a.state = "done"
        if is_subtype(e.exc.ob_type, R.exc["StopAsyncIteration"]) or \
                is_subtype(e.exc.ob_type, R.exc["GeneratorExit"]):
            decref(e.exc)
            raise PyErr(new_exception("StopIteration", None))
        raise
    if returned:
        decref(result)
        g.ag_running_async = False
        a.state = "done"
        raise PyErr(new_exception("StopIteration", None))
    if result.ob_type is async_wrapped_type:
        decref(result)
        g.ag_running_async = False
        a.state = "done"
        raise err("RuntimeError", _IGNORED_EXIT)
    return result


def athrow_throw(a, *args):
    if a.state == "done":
        raise err("RuntimeError", "cannot reuse already awaited aclose()/athrow()")
    if a.throw_args is not None:
        return _unwrap(a.gen, _throw_ex, a.gen, args)
    return _aclose_result(a, _throw_ex, a.gen, args)


def _awaitable_close(a):
    a.state = "done"
    return incref(NONE)


for _tp, _send, _throw in ((asend_type, asend_send, asend_throw),
                           (athrow_type, athrow_send, athrow_throw)):
    method(_tp, "__await__", K.NOARGS)(incref)
    method(_tp, "__iter__", K.NOARGS)(incref)
    method(_tp, "__next__", K.NOARGS)(lambda a, _send=_send: _send(a, NONE))
    method(_tp, "send")(_send)
    method(_tp, "throw", K.VARARGS, 1, 3)(_throw)
    method(_tp, "close", K.NOARGS)(_awaitable_close)

method(async_generator_type, "__aiter__", K.NOARGS)(incref)
method(async_generator_type, "__anext__", K.NOARGS)(
    lambda g: _new_asend(asend_type, g, NONE))
method(async_generator_type, "asend")(lambda g, v: _new_asend(asend_type, g, v))
method(async_generator_type, "athrow", K.VARARGS, 1, 3)(
    lambda g, *a: _new_asend(athrow_type, g, NONE, tuple(incref(v) for v in a)))
method(async_generator_type, "aclose", K.NOARGS)(
    lambda g: _new_asend(athrow_type, g, NONE, None))
getset(async_generator_type, "ag_running")(
    lambda g: incref(R.true if g.ag_running_async else R.false))
getset(async_generator_type, "ag_frame")(
    lambda g: incref(g.frame if g.state != "closed" else NONE))


def _install_gc_finalizers():
    from ..objects.instances import _GEN_FINALIZERS
    for tp in (generator_type, coroutine_type, async_generator_type):
        _GEN_FINALIZERS[tp] = gen_close


_install_gc_finalizers()
