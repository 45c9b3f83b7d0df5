"""``import``: IMPORT_NAME, IMPORT_FROM and ``from m import *``.

Modules come from three places, tried in order: ``sys.modules``; minivm's native
modules (``minivm.builtins.NATIVE_MODULES``: sys, gc, math, ...); and the *code
source*, a pluggable callable ``code_source(name) -> (Code, filename) or None``
that supplies compiled code for pure-Python modules (tests pass one that compiles
the target's stdlib with CPython; minivm's compiler or .pyc loader can be another).
"""

from __future__ import annotations

from ..objects import abstract
from ..objects.core import R, PyErr, decref, err, incref, new_exception
from ..objects.dictobject import dict_setitem, dict_setitem_str
from ..objects.scalars import NONE, PyStr, new_str


class Importer:
    def __init__(self, vm) -> None:
        self.vm = vm

    def handlers(self):
        return {"IMPORT_NAME": self.op_IMPORT_NAME, "IMPORT_FROM": self.op_IMPORT_FROM}

    def op_IMPORT_NAME(self, f, arg, nxt):
        fromlist = f.pop()
        level = f.pop()
        try:
            module = self.import_module_level(arg, fromlist, int(level.value), f.globals)
        finally:
            decref(fromlist)
            decref(level)
        f.append(module)
        return nxt

    def op_IMPORT_FROM(self, f, arg, nxt):
        from ..objects.typeobject import getattr_str
        module = f[-1]
        try:
            v = getattr_str(module, arg)
        except PyErr as e:
            if e.exc.ob_type is not R.exc["AttributeError"]:
                raise
            decref(e.exc)
            modname = module.module_name() if hasattr(module, "module_name") else "?"
            exc = new_exception("ImportError", "cannot import name '%s' from '%s' (unknown "
                                "location)" % (arg, modname))
            raise PyErr(exc) from None
        f.append(v)
        return nxt

    def import_module_level(self, name, fromlist, level, globals_):
        if level > 0:
            package = globals_.vals.get("__package__")
            base = package.value if isinstance(package, PyStr) else ""
            if not base:
                raise err("ImportError", "attempted relative import with no known parent "
                          "package")
            parts = base.split(".")
            if level - 1 > len(parts) - 1 and level > 1:
                raise err("ImportError", "attempted relative import beyond top-level package")
            base = ".".join(parts[:len(parts) - (level - 1)])
            name = base + ("." + name if name else "")
        top = self.load(name)
        if fromlist is not NONE and fromlist.items:
            return top
        decref(top)
        return self.load(name.partition(".")[0])

    def load(self, name):
        """New reference to module ``name`` (and its parents), loading as needed."""
        mods = self.vm.modules
        m = mods.vals.get(name)
        if m is not None:
            return incref(m)
        parent, _, _ = name.rpartition(".")
        if parent:
            decref(self.load(parent))
        from ..builtins import NATIVE_MODULES
        maker = NATIVE_MODULES.get(name)
        if maker is not None:
            m = maker(self.vm)
            key = new_str(name)
            dict_setitem(mods, key, m)
            decref(key)
            return m
        source = self.vm.code_source
        found = source(name) if source is not None else None
        if found is None:
            exc = new_exception("ModuleNotFoundError", "No module named '%s'" % name)
            from ..objects.exceptions import _set_extra
            s = new_str(name)
            _set_extra(exc, "name", s)
            decref(s)
            raise PyErr(exc)
        code, filename = found
        return self.exec_module(name, code, filename)

    def exec_module(self, name, code, filename):
        from ..objects.moduleobject import new_module
        from .frame import Frame
        m = new_module(name)
        d = m.ob_dict
        for k, v in (("__file__", new_str(filename)),
                     ("__package__", new_str(name.rpartition(".")[0]))):
            dict_setitem_str(d, k, v)
            decref(v)
        dict_setitem_str(d, "__builtins__", self.vm.builtins_module)
        key = new_str(name)
        dict_setitem(self.vm.modules, key, m)
        try:
            info = self.vm.code_info(code)
            frame = Frame(info, d, self.vm.builtins, d, None)
            frame.is_module = True
            decref(self.vm.execute(frame))
        except PyErr:
            from ..objects.dictobject import dict_delitem
            dict_delitem(self.vm.modules, key)
            decref(key)
            decref(m)
            raise
        decref(key)
        return m

    def import_star(self, frame, module):
        d = module.ob_dict
        all_ = d.vals.get("__all__")
        if all_ is not None:
            names = [x.value for x in abstract.sequence_list_decref(all_)]
        else:
            names = [k for k in d.vals if isinstance(k, str) and not k.startswith("_")]
        for n in names:
            v = d.vals.get(n)
            if v is None:
                from ..objects.typeobject import getattr_str
                v = getattr_str(module, n)
                dict_setitem_str(frame.locals, n, v)
                decref(v)
            else:
                dict_setitem_str(frame.locals, n, v)
