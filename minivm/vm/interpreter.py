"""The interpreter: ``run`` a program, call functions, raise and report exceptions.

:func:`run` takes a :class:`~minivm.compiler.code.Code` (from CPython through
``Code.from_code``, from a .pyc, or from minivm's compiler) or source text, which
is compiled with :func:`minivm.compile` (so it raises ``NotImplementedStage`` until
that stage exists), and returns an :class:`~minivm.outcome.Outcome` with what
``python3.X FILE`` would print and its exit status.

The program runs on a thread with a large stack, because each minivm call nests a
few host calls and a deep minivm recursion must reach minivm's RecursionError, not
the host's.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Sequence

from .. import NotImplementedStage
from ..objects.core import (
    IMMORTAL, R, STATE, InternalError, MinivmCrash, PyErr, PyObject, decref, err,
    frame_freed, incref, is_subtype,
)
from ..outcome import Outcome, ProcessExit
from . import eval as ev
from ..objects.abstract import call as _abstract_call
from ..tables.exctable import decode as parse_exception_table
from .frame import CodeInfo, Frame, frame_dealloc, keep_back

_DEFAULT_RECURSION_LIMIT = 1000

#: The bytecode dialects the eval loop implements (dialect38 ... dialect313).
VM_TARGETS = ((3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13))


def _load_object_model():
    """Import every object module once, in dependency order."""
    from ..objects import (  # noqa: F401
        abstract, dictobject, scalars, sequences, strings, bytesobject, mappings, instances,
        functions, exceptions, weakrefs, moduleobject,
    )
    from . import generators  # noqa: F401
    from ..objects.typeobject import make_type
    if "frame" not in R.types:
        from .frame import install_frame_attributes
        install_frame_attributes(make_type("frame", basetype=False, dealloc=frame_dealloc))
        from .frame import _FRAME_TYPE
        _FRAME_TYPE.append(R.types["frame"])
        from ..builtins import bltinmodule  # noqa: F401
        instances.install_new_functions()


class Interpreter:
    """One program run: the builtins, ``sys``, loaded modules and the exception state."""

    def __init__(self, target, code_source=None) -> None:
        self.target = target
        STATE.target = target
        STATE.vm = self
        _load_object_model()
        from ..objects.typeobject import apply_method_gates
        apply_method_gates(target)
        _METHOD[0] = R.types["method"]
        _FUNCTION[0] = R.types["function"]
        from ..memory.gc import foreign_objects
        self.gc_foreign = foreign_objects()
        self.code_source = code_source
        self.code_cache: Dict[int, Any] = {}
        #: host id of a constant -> (the host constant, its minivm object, borrowed):
        #: a constant the compiler shares between code objects is one object here too
        self.const_cache: Dict[int, Any] = {}
        self.exc_stack: List[Optional[PyObject]] = [None]
        self.frame_stack: List[Frame] = []
        self.recursion_limit = _DEFAULT_RECURSION_LIMIT
        self.depth = 0
        #: nested C-level calls counted for the recursion guard (repr, str)
        self.c_depth = 0
        self.atexit_callbacks: List[Any] = []
        self.int_max_str_digits = 4300
        self.stdout_parts: List[str] = []
        #: fd -> how many of its parts an explicit flush pushed out (see exit_now)
        self.flushed: Dict[int, int] = {1: 0, 2: 0}
        self.stderr_parts: List[str] = []
        self.addresses: Dict[int, int] = {}
        from ..builtins import bltinmodule, sysmodule
        from ..objects.dictobject import new_dict
        self.modules = new_dict()
        self.builtins_module = bltinmodule.make_builtins_module(self)
        self.builtins = self.builtins_module.ob_dict
        self.builtin_import = self.builtins.vals.get("__import__")
        self.sys_module = sysmodule.make_sys_module(self)
        from . import imports
        self.importer = imports.Importer(self)
        from . import dialect38, dialect310, dialect311, dialect312, dialect313, registry  # noqa: F401
        from .unwind import unwinder_for
        self.unwinder = unwinder_for(target)
        self.handlers = dict(registry.handlers_for(target))
        self.handlers.update(self.importer.handlers())
        self.arg_decoders = registry.decoders_for(target, dialect312.KIND_DECODERS)
        self.eval_frame = lambda f, throw=None: ev.eval_frame(self, f, throw)

    # -- output ------------------------------------------------------------------------------

    def write_stdout(self, text: str) -> None:
        self.stdout_parts.append(text)

    def write_stderr(self, text: str) -> None:
        self.stderr_parts.append(text)

    def exit_now(self, status: int) -> Outcome:
        """The outcome of ``os._exit(status)``: nothing more runs, and what sat in a
        stream's buffer is lost as in CPython with pipes for stdout and stderr.
        stdout keeps what an explicit flush pushed out; stderr, line-buffered from
        3.9, keeps everything through the last write holding a newline (a
        line-buffered TextIOWrapper flushes its whole buffer then), 3.8's what a
        flush pushed out.  minivm does
        not model the flush of a full 8 KiB buffer: a program that writes that much
        unflushed before ``os._exit`` keeps less here than in CPython.  Under
        ``PYTHONUNBUFFERED`` (what ``python -u`` does) nothing is buffered, so
        everything written stays."""
        import os
        if os.environ.get("PYTHONUNBUFFERED"):
            return Outcome(stdout="".join(self.stdout_parts),
                           stderr="".join(self.stderr_parts), exit_status=status)
        out = "".join(self.stdout_parts[:self.flushed[1]])
        if self.target.runtime("stderr_line_buffered"):
            parts = self.stderr_parts
            kept = max([i + 1 for i, part in enumerate(parts) if "\n" in part or "\r" in part]
                       + [self.flushed[2]])
            err_text = "".join(parts[:kept])
        else:
            err_text = "".join(self.stderr_parts[:self.flushed[2]])
        return Outcome(stdout=out, stderr=err_text, exit_status=status)

    def fake_address(self, o) -> int:
        """A stable, process-independent stand-in for ``id(o)`` in reprs."""
        key = id(o)
        addr = self.addresses.get(key)
        if addr is None:
            addr = 0x7f0000001000 + 0x40 * len(self.addresses)
            self.addresses[key] = addr
        return addr

    # -- code --------------------------------------------------------------------------------

    def code_info(self, co) -> CodeInfo:
        """The decoded :class:`CodeInfo` for a ``Code`` (made once per code object)."""
        info = self.code_cache.get(id(co))
        if info is not None and info.co is co:
            return info
        from ..objects.functions import PyCodeObj, code_type
        consts = []
        for c in co.co_consts:
            if hasattr(c, "co_code"):
                obj = PyCodeObj.__new__(PyCodeObj)
                obj.ob_refcnt = IMMORTAL
                obj.ob_type = code_type
                obj.info = self.code_info(c)
                consts.append(obj)
            else:
                consts.append(self.const_object(c))
        info = CodeInfo(co, consts, [], parse_exception_table(co.co_exceptiontable or b""))
        info.has_docstring = _has_docstring(co)
        info.instrs = self.decode(info)
        self.code_cache[id(co)] = info
        return info

    def const_object(self, c) -> Any:
        """A new reference to the minivm object of host constant ``c``: one object
        per host object, however many code objects (or constant tuples) hold it."""
        entry = self.const_cache.get(id(c))
        if entry is not None and entry[0] is c:
            return incref(entry[1])
        o = _const_object(c, self.const_object)
        self.const_cache[id(c)] = (c, o)
        if type(c) is tuple:
            from ..memory.gc import untrack_constant
            untrack_constant(self, o)
        return o

    def decode(self, info: CodeInfo) -> list:
        code = info.co.co_code
        target = self.target
        opname = target.opname
        n = len(code) // 2
        instrs: List[Any] = [None] * n
        names: List[Optional[str]] = [None] * n
        ext = 0
        i = 0
        while i < n:
            op = code[2 * i]
            name = opname.get(op)
            if name is None:
                raise InternalError("unknown opcode %d at offset %d in %s" % (
                    op, 2 * i, info.co.co_qualname))
            oparg = code[2 * i + 1] | ext
            ext = (oparg << 8) if name == "EXTENDED_ARG" else 0
            nxt = i + 1 + target.caches(name)
            handler = self.handlers.get(name)
            if handler is None:
                handler = _unsupported(name)
                arg = oparg
            else:
                decoder = self.arg_decoders.get(name)
                arg = decoder(info, oparg, i, nxt) if decoder is not None else oparg
            instrs[i] = (handler, arg, nxt)
            names[i] = name
            i = nxt
        from .fusion import fuse
        fuse(instrs, names, self.handlers)
        if not target.runtime("frame_prologue_in_bytecode"):
            # before 3.11 the frame's creation makes cells and generators: an entry
            # after the code does that, then goes on at instruction 0
            from .dialect310 import frame_prologue, prologue_arg
            info.entry = len(instrs)
            instrs.append((frame_prologue, prologue_arg(info), 0))
        return instrs

    def new_code_object(self, co):
        """A (mortal) minivm code object for a Code, as ``compile()`` returns."""
        from ..objects.functions import PyCodeObj, code_type
        obj = PyCodeObj.__new__(PyCodeObj)
        obj.ob_refcnt = 1
        obj.ob_type = code_type
        obj.info = self.code_info(co)
        return obj

    def run_code(self, info, globals_, locals_, func=None):
        """``PyEval_EvalCode``: run a module-like code object in the given namespaces
        (``locals_`` borrowed); returns the result (new reference).  ``func`` (a
        reference the frame takes) is the function ``exec(..., closure=)`` makes
        for code with free variables."""
        frame = Frame(info, globals_, self.builtins, incref(locals_), func)
        return self.execute(frame)

    # -- calls -------------------------------------------------------------------------------

    def call_stack(self, callable_, args: list, kwnames, caller) -> PyObject:
        """CALL: ``args`` are owned references from the caller's stack, and so is
        ``callable_``.  A Python function's frame takes the arguments over."""
        tp = callable_.ob_type
        if tp is _METHOD[0]:
            func = incref(callable_.func)
            args.insert(0, incref(callable_.self_obj))
            decref(callable_)
            callable_ = func
            tp = func.ob_type
        if tp is _FUNCTION[0]:
            info = callable_.code.info
            if kwnames is None and info.simple_args and len(args) == info.argcount:
                # The common call: positional arguments straight into the locals.
                frame = Frame(info, callable_.globals, self.builtins, None, callable_)
                frame.fast[:len(args)] = args
                return self.execute(frame)
            return self.run_function(callable_, args, kwnames, owns_func=True)
        try:
            kwargs = None
            if kwnames is not None:
                k = len(kwnames.items)
                kwargs = dict(zip([n.value for n in kwnames.items], args[len(args) - k:]))
                pos = args[:len(args) - k]
            else:
                pos = args
            return _abstract_call(callable_, pos, kwargs)
        finally:
            for a in args:
                decref(a)
            decref(callable_)

    def call_function(self, func, args: list, kwargs: Optional[dict]) -> PyObject:
        """Call a minivm function with borrowed ``args`` and ``kwargs`` (host dict)."""
        owned = [incref(a) for a in args]
        kwnames = None
        if kwargs:
            from ..objects.scalars import new_str
            from ..objects.sequences import new_tuple
            kwnames = new_tuple([new_str(k) for k in kwargs])
            owned.extend(incref(v) for v in kwargs.values())
        try:
            return self.run_function(incref(func), owned, kwnames, owns_func=True)
        finally:
            if kwnames is not None:
                decref(kwnames)

    def run_function(self, func, args: list, kwnames, owns_func: bool) -> PyObject:
        info = func.code.info
        frame = Frame(info, func.globals, self.builtins, None, func)
        if not owns_func:
            incref(func)
        try:
            self.bind_arguments(frame, func, info, args, kwnames)
        except PyErr:
            frame.clear_locals()
            frame_freed(frame)
            raise
        return self.execute(frame)

    def execute(self, frame: Frame) -> PyObject:
        """Run a new frame to completion (or to its generator's creation)."""
        if self.depth >= self.recursion_limit:
            frame.clear_locals()
            frame_freed(frame)
            raise err("RecursionError", "maximum recursion depth exceeded")
        self.depth += 1
        stack = self.frame_stack
        frame.back = stack[-1] if stack else None
        stack.append(frame)
        try:
            result = ev.eval_frame(self, frame)
        except PyErr:
            raise
        except Exception as error:
            # A host exception here is a minivm bug: note the program's stack where it
            # happened (innermost frame first seen) before the frames unwind.
            if not hasattr(error, "minivm_stack"):
                error.minivm_stack = [_frame_site(f) for f in stack]
            raise
        finally:
            stack.pop()
            self.depth -= 1
            if frame.gen is None:
                keep_back(frame)
                frame.ob_refcnt -= 1
                if frame.ob_refcnt == 0:
                    frame.clear_locals()
                    frame_freed(frame)
            else:
                frame.back = None
                frame.ob_refcnt -= 1
        return result

    def bind_arguments(self, frame, func, info, args: list, kwnames) -> None:
        _bind_arguments(self, frame, func, info, args, kwnames)

    def call_ex(self, func, callargs, kwargs) -> PyObject:
        from .calls import call_ex
        return call_ex(self, func, callargs, kwargs)

    def func_desc(self, func) -> str:
        from .calls import func_desc
        return func_desc(func)

    # -- exceptions ----------------------------------------------------------------------------

    def current_exception(self) -> Optional[PyObject]:
        for v in reversed(self.exc_stack):
            if v is not None:
                return v
        return None

    def chain_context(self, exc) -> None:
        """``_PyErr_SetObject``'s implicit chaining, breaking cycles as CPython does."""
        handled = self.current_exception()
        if handled is None or handled is exc:
            return
        o = handled
        while True:
            ctx = o.context
            if ctx is None:
                break
            if ctx is exc:
                o.context = None
                decref(ctx)
                break
            o = ctx
        old = exc.context
        exc.context = incref(handled)
        if old is not None:
            decref(old)

    def add_traceback(self, exc, frame, offset: int) -> None:
        from ..objects.exceptions import new_traceback
        line = frame.code.line_of(offset)
        exc.traceback = new_traceback(exc.traceback, frame, offset, line)

    def do_raise(self, exc, cause) -> None:
        from .calls import do_raise
        do_raise(self, exc, cause)

    def write_unraisable(self, exc, message: str, obj) -> None:
        from .traceback import format_unraisable
        self.write_stderr(format_unraisable(self, exc, message, obj))
        decref(exc)

    def unpack_reports_count(self, seq) -> bool:
        return False

    def target_got_suffix(self, n: int) -> str:
        return ""

    # -- class support -------------------------------------------------------------------------

    def current_globals(self):
        return self.frame_stack[-1].globals if self.frame_stack else None

    def super_attr(self, global_super, cls, self_obj, name, load_method):
        from .calls import super_attr
        return super_attr(self, global_super, cls, self_obj, name, load_method)

    def zero_arg_super(self):
        from .calls import zero_arg_super
        return zero_arg_super(self)

    def match_class(self, subject, cls, nargs, names):
        from .calls import match_class
        return match_class(self, subject, cls, nargs, names)

    def is_registered_abc(self, obj, name: str) -> bool:
        return False

    def split_exception_group(self, exc, match_type):
        from .calls import split_exception_group
        return split_exception_group(self, exc, match_type)

    def prep_reraise_star(self, orig, excs):
        from .calls import prep_reraise_star
        return prep_reraise_star(self, orig, excs)

    def import_star(self, frame, module) -> None:
        self.importer.import_star(frame, module)

    def display_hook(self, value) -> None:
        """PRINT_EXPR (mode "single"): ``sys.displayhook(value)``."""
        hook = self.sys_module.ob_dict.vals.get("displayhook")
        if hook is None:
            raise err("RuntimeError", "lost sys.displayhook")
        decref(_abstract_call(hook, [value]))

    # -- running a program ---------------------------------------------------------------------

    def _set_sys_path(self, filename: str) -> None:
        """``sys.path`` (and the prefixes) as ``python3.X FILE`` starts with them: the
        script's directory (symlinks resolved; '' for a program that is no file), then the target's
        ``python3X.zip``, library, ``lib-dynload`` and ``site-packages`` (those of
        the library the code source reads, when it has one)."""
        import os
        from ..objects.dictobject import dict_setitem_str
        from ..objects.scalars import from_host
        entries = [os.path.dirname(os.path.realpath(filename))
                   if os.path.isfile(filename) else ""]
        libdir = getattr(self.importer.code_source, "libdir", None)
        major, minor = self.target.version
        if libdir:
            entries += [os.path.join(os.path.dirname(libdir), "python%d%d.zip" % (major, minor)),
                        libdir, os.path.join(libdir, "lib-dynload"),
                        os.path.join(libdir, "site-packages")]
        values = {"path": entries, "argv": [filename]}
        if self.target.runtime("sys_orig_argv"):
            values["orig_argv"] = ["python%d.%d" % (major, minor), filename]
        if self.target.runtime("sys_stdlib_module_names"):
            from ..objects.mappings import frozenset_type, new_set, set_add
            names = new_set(frozenset_type)
            for name in sorted(_stdlib_module_names(self.target, libdir)):
                key = from_host(name)
                set_add(names, key)
                decref(key)
            values["stdlib_module_names"] = names
        if libdir:
            # libdir is PREFIX/lib/python3.X: a minivm run is never in a venv
            prefix = os.path.dirname(os.path.dirname(libdir))
            for name in ("prefix", "base_prefix", "exec_prefix", "base_exec_prefix"):
                values[name] = prefix
        for name, value in values.items():
            o = value if isinstance(value, PyObject) else from_host(value)
            dict_setitem_str(self.sys_module.ob_dict, name, o)
            decref(o)

    def run_main(self, co, filename: str, source_text: Optional[str],
                 arena: Sequence[Any] = ()) -> Outcome:
        """Run ``co`` as ``__main__``, then shut down as ``python FILE`` does.
        ``arena`` holds the constants of the source's AST (see compiler.compile):
        while the module's code runs, CPython's arena keeps one reference to each
        that is a constant of the code (not interned), released when it ends."""
        from ..objects.dictobject import dict_setitem_str
        from ..objects.moduleobject import new_module
        from ..objects.scalars import new_str
        from .traceback import print_exception
        self.main_source = source_text
        self.main_filename = filename
        self._set_sys_path(filename)
        main = new_module("__main__")
        d = main.ob_dict
        dict_setitem_str(d, "__builtins__", self.builtins_module)
        fname = new_str(filename)
        dict_setitem_str(d, "__file__", fname)
        decref(fname)
        dict_setitem_str(d, "__cached__", R.none)
        from ..objects.dictobject import dict_setitem
        key = new_str("__main__")
        dict_setitem(self.modules, key, main)
        decref(key)
        from ..memory.gc import age_startup_heap
        age_startup_heap(self)
        info = self.code_info(co)
        frame = Frame(info, d, self.builtins, d, None)
        frame.is_module = True
        from ..memory.gc import arm, disarm
        arm(self)
        exit_status = 0
        exception = message = None
        try:
            held = self.hold_arena(arena)
            try:
                decref(self.execute(frame))
            finally:
                for o in held:
                    decref(o)
        except PyErr as e:
            exc = e.exc
            from ..objects.abstract import str_text
            from .traceback import qualified_type_name
            if is_subtype(exc.ob_type, R.exc["SystemExit"]):
                # The process exits: no uncaught exception to report.
                exit_status = self._system_exit(exc)
            else:
                exception = qualified_type_name(exc.ob_type)
                try:
                    message = str_text(exc)
                except PyErr as e2:
                    decref(e2.exc)
                    message = "<unprintable %s object>" % exc.ob_type.tp_name
                print_exception(self, exc)
                exit_status = 1
            decref(exc)
        from ..modules.atexit import run_atexit
        run_atexit(self)
        self.finalize(main)
        disarm()
        return Outcome(stdout="".join(self.stdout_parts), stderr="".join(self.stderr_parts),
                       exit_status=exit_status, exception=exception, message=message)

    def hold_arena(self, arena: Sequence[Any]) -> List[Any]:
        """New references to the minivm constants of ``arena`` (see
        compiler.compile), one per listing: what CPython's AST arena holds while
        the code compiled from it runs.  The caller releases them."""
        held: List[Any] = []

        def hold(c) -> None:
            entry = self.const_cache.get(id(c))
            if entry is None or entry[0] is not c:
                return  # not a constant of the code: another literal, merged away
            o = entry[1]
            if o.ob_refcnt < IMMORTAL // 2:
                # (small ints and interned strings are immortal in minivm on every
                # version; in CPython an interned constant may be another object
                # than the AST's, the one interned first)
                held.append(incref(o))

        for c, stale in arena:
            if stale:  # the AST's frozenset, rebuilt by the merge: it holds its items
                for item in c:
                    hold(item)
            else:
                hold(c)
        return held

    def _system_exit(self, exc) -> int:
        from ..objects.abstract import str_text
        from ..objects.scalars import PyLong
        code = (exc.extra or {}).get("code")
        if code is None or code is R.none:
            return 0
        if isinstance(code, PyLong):
            return int(code.value) & 0xff
        self.write_stderr(str_text(code) + "\n")
        return 1

    def finalize(self, main) -> None:
        """Interpreter shutdown (``Py_FinalizeEx``, ``finalize_modules``) for the
        program's objects; ``main`` is a reference the caller gives up.

        A collection with gc.callbacks when collection is enabled
        (``PyGC_Collect``), while ``__main__`` lives: it moves the objects it
        finds reachable as any collection does.  Then ``sys.modules['__main__']``
        becomes None, which frees the module (from here tracebacks show no
        source lines: CPython can no longer import io to read them); its dict is
        in a cycle with the program's functions and classes, so the next
        collection (no callbacks, whether or not collection is enabled) finds
        the program's objects unreachable and finalizes them in the collector's
        order.  A module still
        held after that is cleared as ``_PyModule_ClearDict`` does (names with
        one leading underscore first, then the rest but ``__builtins__``), and a
        last collection follows."""
        from ..memory.gc import collect, gc_state
        from ..objects.dictobject import dict_setitem
        from ..objects.scalars import new_str

        def collect_reporting(callbacks: bool) -> None:
            try:
                collect(self, callbacks=callbacks)
            except PyErr as e:
                self.write_unraisable(e.exc, "Exception ignored in", None)

        if gc_state(self).enabled:
            collect_reporting(True)
        key = new_str("__main__")
        try:
            dict_setitem(self.modules, key, R.none)
        except PyErr as e:
            self.write_unraisable(e.exc, "Exception ignored in", None)
        finally:
            decref(key)
        self.modules_cleared = True
        alive = main.ob_refcnt > 1
        decref(main)
        collect_reporting(False)
        if alive and main.ob_refcnt > 0:
            incref(main)
            try:
                _clear_module_dict(self, main.ob_dict)
            finally:
                decref(main)
        collect_reporting(False)


def _clear_module_dict(vm, d) -> None:
    """``_PyModule_ClearDict``: the names with a single leading underscore set to
    None, then every other name but ``__builtins__``, each pass in dict order."""
    from ..objects.dictobject import dict_setitem_str
    for first in (True, False):
        for name in list(d.keys):
            if not isinstance(name, str) or name == "__builtins__":
                continue
            if first and not (name[:1] == "_" and name[1:2] != "_"):
                continue
            v = d.vals.get(name)
            if v is not None and v is not R.none:
                try:
                    dict_setitem_str(d, name, R.none)
                except PyErr as e:
                    vm.write_unraisable(e.exc, "Exception ignored in", None)


def _bind_arguments(vm, frame, func, info, args, kwnames):
    from .calls import bind_arguments
    globals()["_bind_arguments"] = bind_arguments
    bind_arguments(vm, frame, func, info, args, kwnames)


_METHOD: List[Any] = [None]
_FUNCTION: List[Any] = [None]


def _unsupported(name: str):
    def handler(f, arg, nxt):
        raise InternalError("minivm does not implement opcode %s (in %s)"
                            % (name, f.code.co.co_qualname))
    return handler


def _has_docstring(co) -> bool:
    """Whether ``co_consts[0]`` is the docstring (3.12: a function whose first
    constant is a str; 3.13 has a flag for it)."""
    consts = co.co_consts
    if co.co_flags & 0x4000000:
        return True
    return bool(consts) and isinstance(consts[0], str) and co.co_name != "<module>"


def _const_object(c, item):
    """The minivm object of host constant ``c`` (a new reference); ``item`` makes
    those of a tuple's or frozenset's items."""
    from ..objects.scalars import from_host, intern
    from ..objects.sequences import new_tuple
    if isinstance(c, str):
        if c.isidentifier() or len(c) <= 1:
            return intern(c)
        return from_host(c)
    if isinstance(c, tuple):
        return new_tuple([item(x) for x in c])
    if isinstance(c, frozenset):
        from ..objects.mappings import frozenset_type, new_set, set_add
        s = new_set(frozenset_type)
        # in the order that built the target's table (see OrderedFrozenset)
        for x in getattr(c, "inserted", c):
            o = item(x)
            set_add(s, o)
            decref(o)
        return s
    if c is Ellipsis:
        return R.ellipsis
    return from_host(c)


def _stdlib_module_names(target, libdir):
    """``sys.stdlib_module_names``: the host's own list when the host is the target;
    else (a limitation: CPython's list is a fixed table that also names modules of
    other platforms) the top-level modules and packages of the target's library and
    lib-dynload, and its builtin modules."""
    import os
    import sys
    from ..versions import host_version
    if host_version() == target.version and hasattr(sys, "stdlib_module_names"):
        return sys.stdlib_module_names
    names = set(sys.builtin_module_names)
    for folder in (libdir, os.path.join(libdir, "lib-dynload")) if libdir else ():
        for entry in os.listdir(folder) if os.path.isdir(folder) else ():
            stem = entry.split(".")[0]
            if entry.endswith((".py", ".so")) or \
                    os.path.isfile(os.path.join(folder, entry, "__init__.py")):
                if stem.isidentifier():
                    names.add(stem)
    names.discard("__main__")
    return names


def syntax_error_outcome(error: SyntaxError, target) -> Outcome:
    """What ``python3.X FILE`` shows for a FILE it cannot compile: ``error`` printed
    as the target prints an uncaught SyntaxError, exit status 1."""
    from ..builtins.bltinmodule import _syntax_error
    from ..objects.abstract import str_text
    from .traceback import print_exception
    vm = Interpreter(target, None)
    exc = _syntax_error(error)
    try:
        print_exception(vm, exc)
        message = str_text(exc)
    finally:
        decref(exc)
    return Outcome(stderr="".join(vm.stderr_parts), exit_status=1,
                   exception=type(error).__name__, message=message)


def run(source_or_code, target, filename: str = "<string>", code_source=None) -> Outcome:
    """Run a program as ``python3.X FILE`` would (see the module docstring)."""
    if target.version not in VM_TARGETS:
        raise NotImplementedStage("not implemented: VM for %s bytecode" % target.name)
    source_text = None
    arena: List[Any] = []
    if not hasattr(source_or_code, "co_code"):
        from ..compiler import compile as compile_tree
        source_text = source_or_code.decode("utf-8") if isinstance(source_or_code, bytes) \
            else source_or_code
        source_or_code = compile_tree(source_or_code, filename=filename, mode="exec",
                                      target=target, arena=arena)
    result: List[Any] = []

    def work():
        vm = None
        try:
            vm = Interpreter(target, code_source)
            result.append(vm.run_main(source_or_code, filename, source_text, arena))
        except ProcessExit as e:
            result.append(vm.exit_now(e.status))
        except BaseException as e:  # reported to the caller's thread below
            if vm is not None:  # what the program wrote before a crash stays its output
                e.minivm_output = ("".join(vm.stdout_parts), "".join(vm.stderr_parts))
            result.append(e)

    import sys
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, 60000))
    # minivm applies the target's limit on int/str conversions itself (scalars.py):
    # the host's own limit (3.11+, some patched older releases) is lifted meanwhile.
    old_digits = getattr(sys, "get_int_max_str_digits", lambda: None)()
    if old_digits is not None:
        sys.set_int_max_str_digits(0)
    old_size = threading.stack_size()
    from ..memory.gc import host_gc_paused
    try:
        threading.stack_size(512 * 1024 * 1024)
        thread = threading.Thread(target=work, name="minivm")
        with host_gc_paused():
            thread.start()
            thread.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
        if old_digits is not None:
            sys.set_int_max_str_digits(old_digits)
    outcome = result[0]
    if isinstance(outcome, (PyErr, NotImplementedStage, KeyboardInterrupt, SystemExit)):
        raise outcome
    if isinstance(outcome, BaseException):
        raise MinivmCrash.from_host(outcome) from outcome
    return outcome


def _frame_site(f: Frame):
    """(filename, line, qualified name) of a frame, for a crash report."""
    from .frame import frame_lineno
    co = f.code.co
    try:
        line = frame_lineno(f)
    except Exception:  # noqa: BLE001 - the report must not fail on a broken frame
        line = 0
    return (co.co_filename, line, getattr(co, "co_qualname", co.co_name))
