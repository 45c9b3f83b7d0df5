"""``import``: IMPORT_NAME, IMPORT_FROM, ``from m import *`` and ``__import__``.

The algorithm is importlib's ``_find_and_load`` without the machinery: a module
comes from ``sys.modules``; else, for a top-level name, from minivm's native
modules (``minivm.builtins.NATIVE_MODULES``: sys, gc, math, itertools ...); else
from the *code source* (:mod:`minivm.vm.codesource`: by default the target's
standard library, compiled), searched in the parent package's ``__path__`` for a
submodule.  The new module is put in ``sys.modules`` before its code runs and
taken out again if that code fails; a submodule is bound as an attribute of its
parent afterwards.  Module attributes are those importlib sets: ``__name__``,
``__file__``, ``__cached__``, ``__package__``, ``__path__`` for packages,
``__spec__`` (a small ``ModuleSpec``-like object: name, origin, parent,
submodule_search_locations) and ``__loader__`` (None).
"""

from __future__ import annotations

import os
from typing import List, Optional

from ..objects import abstract
from ..objects.core import R, PyErr, decref, err, incref, new_exception
from ..objects.dictobject import dict_delitem, dict_setitem, dict_setitem_str
from ..objects.scalars import NONE, PyStr, new_str
from .codesource import as_code_source, default_code_source


class Importer:
    def __init__(self, vm) -> None:
        self.vm = vm
        self._source = None
        self._source_ready = False

    @property
    def code_source(self):
        if not self._source_ready:
            given = self.vm.code_source
            self._source = as_code_source(given) if given is not None else \
                default_code_source(self.vm.target)
            self._source_ready = True
        return self._source

    def handlers(self):
        return {"IMPORT_NAME": self.op_IMPORT_NAME, "IMPORT_FROM": self.op_IMPORT_FROM}

    # -- opcodes -------------------------------------------------------------------------------

    def op_IMPORT_NAME(self, f, arg, nxt):
        fromlist = f.pop()
        level = f.pop()
        try:
            module = self.import_hook(arg, f, fromlist, level)
        finally:
            decref(fromlist)
            decref(level)
        f.append(module)
        return nxt

    def import_hook(self, name, f, fromlist, level):
        """``import_name``: a replaced ``builtins.__import__`` is called, else ours."""
        hook = self.vm.builtins.vals.get("__import__")
        if hook is not None and hook is not self.vm.builtin_import:
            locals_ = f.locals if f.locals is not None else NONE
            return abstract.call(hook, [new_str(name), f.globals, locals_, fromlist, level])
        return self.import_module_level(name, fromlist, int(level.value), f.globals)

    def op_IMPORT_FROM(self, f, arg, nxt):
        f.append(self.import_from(f[-1], arg))
        return nxt

    def import_from(self, module, name: str):
        """IMPORT_FROM: the attribute, else a submodule already in ``sys.modules``
        (circular imports), else CPython's ImportError."""
        from ..objects.typeobject import getattr_str
        try:
            return getattr_str(module, name)
        except PyErr as e:
            if not abstract.is_subtype(e.exc.ob_type, R.exc["AttributeError"]):
                raise
            decref(e.exc)
        pkgname = _module_attr_text(module, "__name__")
        if pkgname is not None:
            sub = self.vm.modules.vals.get("%s.%s" % (pkgname, name))
            if sub is not None:
                return incref(sub)
        where = _module_attr_text(module, "__file__")
        shown = pkgname if pkgname is not None else "<unknown module name>"
        if where is not None:
            message = "cannot import name '%s' from '%s' (%s)" % (name, shown, where)
        else:
            message = "cannot import name '%s' from '%s' (unknown location)" % (name, shown)
        exc = new_exception("ImportError", message)
        _set_import_error_fields(exc, pkgname, where)
        raise PyErr(exc)

    # -- the algorithm -------------------------------------------------------------------------

    def import_module_level(self, name, fromlist, level, globals_):
        """``PyImport_ImportModuleLevelObject``."""
        if level > 0:
            name = self._resolve_name(name, level, globals_)
        elif not name:
            raise err("ValueError", "Empty module name")
        module = self.load(name)
        if fromlist is not NONE and fromlist is not None and abstract.is_true(fromlist):
            if _module_attr(module, "__path__") is not None:
                self._handle_fromlist(module, name, fromlist)
            return module
        if "." not in name:
            return module
        decref(module)
        top = name.partition(".")[0]
        m = self.vm.modules.vals.get(top)
        if m is None:
            raise err("KeyError", "%r not in sys.modules as expected" % top)
        return incref(m)

    def _resolve_name(self, name, level, globals_):
        package = globals_.vals.get("__package__")
        if package is not None and package is not NONE and not isinstance(package, PyStr):
            raise err("TypeError", "package must be a string")
        base = package.value if isinstance(package, PyStr) else None
        if base is None:
            spec = globals_.vals.get("__spec__")
            parent = _module_attr_text(spec, "parent") if spec not in (None, NONE) else None
            if parent is not None:
                base = parent
            else:
                modname = globals_.vals.get("__name__")
                base = modname.value if isinstance(modname, PyStr) else ""
                if "__path__" not in globals_.vals:
                    base = base.rpartition(".")[0]
        if not base:
            raise err("ImportError", "attempted relative import with no known parent package")
        parts = base.rsplit(".", level - 1)
        if len(parts) < level:
            raise err("ImportError", "attempted relative import beyond top-level package")
        base = parts[0]
        return base + "." + name if name else base

    def _handle_fromlist(self, module, name, fromlist):
        """``_handle_fromlist``: import the submodules a ``from`` statement names."""
        for item in abstract.sequence_list_decref(fromlist):
            if not isinstance(item, PyStr):
                raise err("TypeError", "Item in %s.__all__ must be str, not %s"
                          % (name, item.ob_type.tp_name))
            what = item.value
            if what == "*":
                all_ = _module_attr(module, "__all__")
                if all_ is not None:
                    self._handle_fromlist(module, name, all_)
                continue
            if _module_attr(module, what) is None:
                try:
                    decref(self.load("%s.%s" % (name, what)))
                except PyErr as e:
                    # Only a missing submodule of that exact name is forgiven.
                    if not abstract.is_subtype(e.exc.ob_type, R.exc["ModuleNotFoundError"]) \
                            or _error_name(e.exc) != "%s.%s" % (name, what):
                        raise
                    decref(e.exc)

    def load(self, name: str):
        """New reference to module ``name``, importing it (and its parents) if needed."""
        mods = self.vm.modules
        m = mods.vals.get(name)
        if m is not None:
            if m is NONE:
                raise _not_found("import of %s halted; None in sys.modules" % name, name)
            return incref(m)
        parent, _, leaf = name.rpartition(".")
        path = None
        if parent:
            pm = self.load(parent)
            try:
                m = mods.vals.get(name)
                if m is not None:
                    return incref(m)
                path_obj = _module_attr(pm, "__path__")
                if path_obj is None:
                    raise _not_found("No module named '%s'; '%s' is not a package"
                                     % (name, parent), name)
                path = [x.value for x in abstract.sequence_list_decref(path_obj)
                        if isinstance(x, PyStr)]
                module = self._find_and_exec(name, path)
                from ..objects.typeobject import setattr_str
                setattr_str(pm, leaf, module)
                return module
            finally:
                decref(pm)
        return self._find_and_exec(name, None)

    def _find_and_exec(self, name: str, path: Optional[List[str]]):
        from ..builtins import native_maker
        maker = native_maker(name, self.vm.target) if path is None else None
        if maker is not None:
            m = maker(self.vm)
            key = new_str(name)
            dict_setitem(self.vm.modules, key, m)
            decref(key)
            return m
        source = self.code_source
        if path is None and hasattr(source, "libdir"):
            path = self._sys_path()
        try:
            found = source.find(name, path) if source is not None else None
        except (OSError, ImportError, ValueError) as error:
            raise err("ImportError", "minivm could not load %s: %s" % (name, error)) from None
        if found is None:
            raise _not_found("No module named '%s'" % name, name)
        return self.exec_module(name, found)

    def _sys_path(self) -> Optional[List[str]]:
        """The directories of ``sys.path`` (read at each import, as importlib does:
        a program may change it); None when sys.path is empty or not a list."""
        from ..objects.sequences import PyList
        entries = self.vm.sys_module.ob_dict.vals.get("path")
        if not isinstance(entries, PyList):
            return None
        folders = [os.path.abspath(x.value) if x.value else os.getcwd()
                   for x in entries.items if isinstance(x, PyStr)]
        return [f for f in folders if os.path.isdir(f)] or None

    def exec_module(self, name, found):
        """Create the module, register it, run its code (removing it on failure)."""
        from ..objects.moduleobject import new_module
        from .frame import Frame
        m = new_module(name)
        d = m.ob_dict
        is_package = found.search_path is not None
        package = name if is_package else name.rpartition(".")[0]
        spec = make_spec(name, found.filename, package, found.search_path)
        values = [("__file__", new_str(found.filename)),
                  ("__cached__", new_str(found.cached) if found.cached else incref(NONE)),
                  ("__package__", new_str(package)), ("__spec__", spec)]
        if is_package:
            from ..objects.sequences import new_list
            values.append(("__path__", new_list([new_str(p) for p in found.search_path])))
        for k, v in values:
            dict_setitem_str(d, k, v)
            decref(v)
        dict_setitem_str(d, "__builtins__", self.vm.builtins_module)
        key = new_str(name)
        dict_setitem(self.vm.modules, key, m)
        try:
            info = self.vm.code_info(found.code)
            frame = Frame(info, d, self.vm.builtins, d, None)
            frame.is_module = True
            decref(self.vm.execute(frame))
        except PyErr:
            if self.vm.modules.vals.get(name) is not None:
                dict_delitem(self.vm.modules, key)
            decref(key)
            decref(m)
            raise
        decref(key)
        # The module may have replaced itself in sys.modules (as importlib allows).
        final = self.vm.modules.vals.get(name)
        if final is not None and final is not m:
            decref(m)
            return incref(final)
        return m

    def import_star(self, frame, module):
        d = module.ob_dict
        if d is None:
            raise err("ImportError", "from-import-* object has no __dict__ and no __all__")
        all_ = d.vals.get("__all__")
        if all_ is not None:
            names = []
            for x in abstract.sequence_list_decref(all_):
                if not isinstance(x, PyStr):
                    modname = _module_attr_text(module, "__name__") or "?"
                    raise err("TypeError", "Item in %s.__all__ must be str, not %s"
                              % (modname, x.ob_type.tp_name))
                names.append(x.value)
        else:
            names = [k for k in d.vals if isinstance(k, str) and not k.startswith("_")]
        from ..objects.typeobject import getattr_str
        for n in names:
            v = getattr_str(module, n)
            key = new_str(n)
            try:
                abstract.setitem(frame.locals, key, v)
            finally:
                decref(key)
                decref(v)


def _module_attr(module, name):
    """A module's attribute (borrowed) from its dict, or None."""
    d = getattr(module, "ob_dict", None)
    if d is None:
        return None
    return d.vals.get(name)


def _module_attr_text(module, name):
    v = _module_attr(module, name)
    if v is None and module is not None and not hasattr(module, "ob_dict"):
        return None
    if v is None:
        from ..objects.typeobject import getattr_str
        try:
            v = getattr_str(module, name)
        except PyErr as e:
            decref(e.exc)
            return None
        decref(v)
    return v.value if isinstance(v, PyStr) else None


def _not_found(message: str, name: str) -> PyErr:
    exc = new_exception("ModuleNotFoundError", message)
    _set_import_error_fields(exc, name, None)
    return PyErr(exc)


def _set_import_error_fields(exc, name, path) -> None:
    from ..objects.exceptions import _set_extra
    for field, value in (("name", name), ("path", path)):
        if value is not None:
            s = new_str(value)
            _set_extra(exc, field, s)
            decref(s)


def _error_name(exc):
    v = (exc.extra or {}).get("name")
    return v.value if isinstance(v, PyStr) else None


# -- module specs ----------------------------------------------------------------------------

def make_spec(name: str, origin: Optional[str], parent: str, search_path):
    """A ``ModuleSpec``-like object with the attributes modules read from
    ``__spec__``: name, origin, parent, submodule_search_locations, has_location,
    cached, loader."""
    from ..objects.instances import alloc_instance
    from ..objects.sequences import new_list
    tp = spec_type()
    spec = alloc_instance(tp)
    from ..objects.dictobject import new_dict
    spec.ob_dict = new_dict()
    locations = new_list([new_str(p) for p in search_path]) if search_path is not None \
        else incref(NONE)
    for k, v in (("name", new_str(name)), ("origin", new_str(origin) if origin else
                                         incref(NONE)),
                 ("parent", new_str(parent)), ("submodule_search_locations", locations),
                 ("loader", incref(NONE)), ("cached", incref(NONE)),
                 ("has_location", incref(R.true if origin else R.false))):
        dict_setitem_str(spec.ob_dict, k, v)
        decref(v)
    return spec


_SPEC_TYPE: list = []


def spec_type():
    if not _SPEC_TYPE:
        from ..objects.typeobject import make_type
        tp = make_type("ModuleSpec", module="_frozen_importlib")
        tp.tp_hasdict = True
        from ..objects.core import PyInstance
        tp.tp_layout = PyInstance
        _SPEC_TYPE.append(tp)
    return _SPEC_TYPE[0]
