"""minivm's _ast: the AST base class; the node classes are defined from a schema
the VM passes to ``_define`` (the names, bases, _fields and _attributes of the
node classes).  Program text run by minivm."""

PyCF_ONLY_AST = 1024
PyCF_TYPE_COMMENTS = 4096
PyCF_ALLOW_TOP_LEVEL_AWAIT = 8192


class AST:
    _fields = ()
    _attributes = ()
    __match_args__ = ()

    def __init__(self, *args, **kwargs):
        fields = type(self)._fields
        if len(args) > len(fields):
            raise TypeError("%s constructor takes at most %d positional argument%s"
                            % (type(self).__name__, len(fields),
                               "" if len(fields) == 1 else "s"))
        for name, value in zip(fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), dict(self.__dict__)


AST.__module__ = "ast"


def _define(schema):
    """``schema``: (name, base name, _fields, _attributes) in definition order."""
    ns = globals()
    for name, base, fields, attributes in schema:
        cls = type(name, (ns[base],), {"_fields": fields, "_attributes": attributes,
                                       "__match_args__": fields, "__module__": "ast"})
        ns[name] = cls
