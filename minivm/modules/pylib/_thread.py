"""minivm's _thread (Modules/_threadmodule.c) for a single-threaded runtime.  Program
text run by minivm.

minivm runs one thread.  A new thread (``start_new_thread``, ``start_joinable_thread``)
runs its function to completion inside the call that starts it, under an identity of its
own (``get_ident`` answers the new thread's number while it runs, the caller's again
afterwards); so when ``threading.Thread.start`` returns, the thread has ended and
``join`` returns at once.  Locks are real state: acquiring a lock that is held can only
succeed if another thread releases it, which never happens in one thread, so a blocking
acquire without a timeout raises RuntimeError (a deadlock, where CPython would hang) and
one with a timeout fails at once (the wait is not slept).  ``_local`` keeps one
attribute dictionary per thread identity.
"""

error = RuntimeError
TIMEOUT_MAX = 9223372036.0

_MAIN_IDENT = 1
_idents = [_MAIN_IDENT]      # the running thread's identity last
_next_ident = [_MAIN_IDENT]
_sentinels = {}              # thread identity -> sentinel locks to release at its end
_running = [0]               # threads started and not finished (_count)
_stack_size = [0]


def get_ident():
    return _idents[-1]


def get_native_id():
    return _idents[-1]


def _get_main_thread_ident():
    return _MAIN_IDENT


def _is_main_interpreter():
    return True


def daemon_threads_allowed():
    return True


def _count():
    return _running[0]


def stack_size(size=0):
    if size != 0 and size < 32768:
        raise ValueError("size not valid: %d bytes" % size)
    old, _stack_size[0] = _stack_size[0], size
    return old


def _deadlock(lock):
    raise RuntimeError("minivm runs one thread: acquiring %r would block forever" % (lock,))


def _check_timeout(blocking, timeout):
    if not blocking and timeout != -1:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if timeout < 0 and timeout != -1:
        raise ValueError("timeout value must be a non-negative number")
    if timeout > TIMEOUT_MAX:
        raise OverflowError("timeout value is too large")


class lock:
    """A lock: acquired by one owner at a time, released by anyone."""

    __slots__ = ("_locked", "__weakref__")

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._locked = False
        return self

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        if not self._locked:
            self._locked = True
            return True
        if blocking and timeout == -1:
            _deadlock(self)
        return False

    def acquire_lock(self, blocking=True, timeout=-1):
        return self.acquire(blocking, timeout)

    __enter__ = acquire

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False

    release_lock = release

    def __exit__(self, *args):
        self.release()

    def locked(self):
        return self._locked

    locked_lock = locked

    def _at_fork_reinit(self):
        self._locked = False

    def __repr__(self):
        return "<%s %s.%s object at %#x>" % (
            "locked" if self._locked else "unlocked", type(self).__module__,
            type(self).__qualname__, id(self))


LockType = lock


class RLock:
    """A reentrant lock: its owner may acquire it again; only the owner releases it."""

    __slots__ = ("_owner", "_count", "__weakref__")

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._owner = None
        self._count = 0
        return self

    def acquire(self, blocking=True, timeout=-1):
        _check_timeout(blocking, timeout)
        me = get_ident()
        if self._count and self._owner == me:
            self._count += 1
            return True
        if not self._count:
            self._owner, self._count = me, 1
            return True
        if blocking and timeout == -1:
            _deadlock(self)
        return False

    __enter__ = acquire

    def release(self):
        if not self._count or self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None

    def __exit__(self, *args):
        self.release()

    def locked(self):
        return self._count > 0

    def _is_owned(self):
        return bool(self._count) and self._owner == get_ident()

    def _recursion_count(self):
        return self._count if self._owner == get_ident() else 0

    def _release_save(self):
        if not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count, self._owner = 0, None
        return state

    def _acquire_restore(self, state):
        if self._count:
            _deadlock(self)
        self._count, self._owner = state

    def _at_fork_reinit(self):
        self._count, self._owner = 0, None

    def __repr__(self):
        return "<%s %s.%s object owner=%d count=%d at %#x>" % (
            "locked" if self._count else "unlocked", type(self).__module__,
            type(self).__qualname__, self._owner or 0, self._count, id(self))


class _local:
    """Thread-local data: one ``__dict__`` per thread identity; a subclass's
    ``__init__`` runs again (with the constructor's arguments) in each new thread."""

    __slots__ = ("_local__dicts", "_local__args", "__dict__", "__weakref__")

    def __new__(cls, *args, **kwargs):
        if (args or kwargs) and cls.__init__ is object.__init__:
            raise TypeError("Initialization arguments are not supported")
        self = object.__new__(cls)
        d = {}
        object.__setattr__(self, "_local__dicts", {get_ident(): d})
        object.__setattr__(self, "_local__args", (args, kwargs))
        object.__setattr__(self, "__dict__", d)
        return self

    def __getattribute__(self, name):
        _local_patch(self)
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name == "__dict__":
            raise AttributeError("%r object attribute '__dict__' is read-only"
                                 % type(self).__name__)
        _local_patch(self)
        return object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if name == "__dict__":
            raise AttributeError("%r object attribute '__dict__' is read-only"
                                 % type(self).__name__)
        _local_patch(self)
        return object.__delattr__(self, name)


def _local_patch(self):
    """Make the running thread's dictionary the object's ``__dict__``."""
    dicts = object.__getattribute__(self, "_local__dicts")
    ident = get_ident()
    d = dicts.get(ident)
    if d is not None:
        object.__setattr__(self, "__dict__", d)
        return
    d = dicts[ident] = {}
    object.__setattr__(self, "__dict__", d)
    init = type(self).__init__
    if init is not object.__init__:
        args, kwargs = object.__getattribute__(self, "_local__args")
        init(self, *args, **kwargs)


def allocate_lock():
    return lock()


allocate = allocate_lock


def _set_sentinel():
    """A lock the running thread's end releases (threading joins on it)."""
    sentinel = lock()
    _sentinels.setdefault(get_ident(), []).append(sentinel)
    return sentinel


class _ThreadHandle:
    """The handle of a thread started by start_joinable_thread (3.13)."""

    __slots__ = ("ident", "_done", "__weakref__")

    def __init__(self, ident=None):
        self.ident = ident
        self._done = False

    def is_done(self):
        return self._done

    def _set_done(self):
        self._done = True

    def join(self, timeout=None):
        if self.ident is not None and self.ident == get_ident() and not self._done:
            raise RuntimeError("Cannot join current thread")

    def __repr__(self):
        return "<_thread._ThreadHandle object: ident=%s>" % (self.ident,)


def _make_thread_handle(ident):
    return _ThreadHandle(ident)


def _shutdown():
    pass


def _report(function):
    import sys
    import traceback
    exc = sys.exc_info()[1]
    print("Exception ignored in thread started by: %r" % (function,), file=sys.stderr)
    traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


def _run(function, args, kwargs, handle=None):
    _next_ident[0] += 1
    ident = _next_ident[0]
    if handle is not None:
        handle.ident = ident
    _idents.append(ident)
    _running[0] += 1
    try:
        try:
            function(*args, **kwargs)
        except SystemExit:
            pass
        except BaseException:
            _report(function)
    finally:
        for sentinel in _sentinels.pop(ident, ()):
            if sentinel._locked:
                sentinel._locked = False
        _running[0] -= 1
        _idents.pop()
        if handle is not None:
            handle._done = True
    return ident


def start_new_thread(function, args, kwargs=None):
    if not callable(function):
        raise TypeError("first arg must be callable")
    if not isinstance(args, tuple):
        raise TypeError("2nd arg must be a tuple")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError("optional 3rd arg must be a dictionary")
    return _run(function, args, kwargs or {})


start_new = start_new_thread


def start_joinable_thread(function, handle=None, daemon=True):
    if not callable(function):
        raise TypeError("thread function must be callable")
    if handle is None:
        handle = _ThreadHandle()
    _run(function, (), {}, handle)
    return handle


def exit():
    raise SystemExit


exit_thread = exit


def interrupt_main(signum=2):
    raise KeyboardInterrupt
