"""minivm's _typing (CPython's Objects/typevarobject.c): TypeVar, ParamSpec,
TypeVarTuple, ParamSpecArgs/Kwargs, TypeAliasType, Generic, NoDefault (3.13),
and the helpers the type-parameter intrinsics call.  This is program text run by
minivm (see minivm/modules/pylib/__init__.py)."""

import sys


def _idfunc(_, x):
    return x


def _call_typing(name, *args):
    import typing
    return getattr(typing, name)(*args)


def _type_check(arg, msg):
    if arg is None:
        return type(None)
    return _call_typing("_type_check", arg, msg)


def _caller_module(depth=2):
    try:
        return sys._getframe(depth).f_globals.get("__name__", "__main__")
    except (AttributeError, ValueError):
        return None


def _no_subclass(cls_name):
    def __init_subclass__(cls, *args, **kwargs):
        raise TypeError("type 'typing.%s' is not an acceptable base type" % cls_name)
    return classmethod(__init_subclass__)


class _NoDefaultType:
    __slots__ = ()

    def __repr__(self):
        return "typing.NoDefault"

    def __reduce__(self):
        return "NoDefault"


NoDefault = _NoDefaultType()
_NoDefaultType.__name__ = "NoDefaultType"
_NoDefaultType.__qualname__ = "NoDefaultType"


class _LazyValue:
    """A value computed on first use by an evaluate function (PEP 695 laziness)."""
    __slots__ = ("value", "evaluate")


def _union(left, right):
    import typing
    return typing.Union[left, right]


class TypeVar:
    """Type variable."""

    def __init__(self, name, *constraints, bound=None, covariant=False,
                 contravariant=False, infer_variance=False, default=NoDefault):
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        if infer_variance and (covariant or contravariant):
            raise ValueError("Variance cannot be specified with infer_variance.")
        if bound is not None:
            bound = _type_check(bound, "Bound must be a type.")
        if len(constraints) == 1:
            raise TypeError("A single constraint is not allowed")
        if constraints and bound is not None:
            raise TypeError("Constraints cannot be combined with bound=...")
        constraints = tuple(_type_check(c, "TypeVar(name, constraint, ...): constraints "
                                        "must be types.") for c in constraints)
        self.__name__ = name
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)
        self.__infer_variance__ = bool(infer_variance)
        self._bound = bound
        self._evaluate_bound = None
        self._constraints = constraints
        self._evaluate_constraints = None
        self._default = default
        self._evaluate_default = None
        module = _caller_module()
        if module != "typing":
            self.__module__ = module

    __init_subclass__ = _no_subclass("TypeVar")

    @property
    def __bound__(self):
        if self._bound is None and self._evaluate_bound is not None:
            self._bound = self._evaluate_bound()
        return self._bound

    @property
    def __constraints__(self):
        if not self._constraints and self._evaluate_constraints is not None:
            self._constraints = self._evaluate_constraints()
        return self._constraints

    @property
    def __default__(self):
        if self._default is NoDefault and self._evaluate_default is not None:
            self._default = self._evaluate_default()
        return self._default

    def has_default(self):
        return self._evaluate_default is not None or self._default is not NoDefault

    def __repr__(self):
        if self.__infer_variance__:
            return self.__name__
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__

    def __or__(self, right):
        return _union(self, right)

    def __ror__(self, left):
        return _union(left, self)

    def __typing_subst__(self, arg):
        return _call_typing("_typevar_subst", self, arg)

    def __typing_prepare_subst__(self, alias, args):
        params = alias.__parameters__
        i = params.index(self)
        if i < len(args):
            return args
        if i == len(args) and self.has_default():
            return (*args, self.__default__)
        raise TypeError("Too few arguments for %s; actual %d, expected at least %d"
                        % (alias, len(args), i + 1))

    def __reduce__(self):
        return self.__name__

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of TypeVar")


class TypeVarTuple:
    """Type variable tuple."""

    def __init__(self, name, *, default=NoDefault):
        self.__name__ = name
        self._default = default
        self._evaluate_default = None
        module = _caller_module()
        if module != "typing":
            self.__module__ = module

    __init_subclass__ = _no_subclass("TypeVarTuple")

    @property
    def __default__(self):
        if self._default is NoDefault and self._evaluate_default is not None:
            self._default = self._evaluate_default()
        return self._default

    def has_default(self):
        return self._evaluate_default is not None or self._default is not NoDefault

    def __iter__(self):
        import typing
        yield typing.Unpack[self]

    def __repr__(self):
        return self.__name__

    def __typing_subst__(self, arg):
        raise TypeError("Substitution of bare TypeVarTuple is not supported")

    def __typing_prepare_subst__(self, alias, args):
        return _call_typing("_typevartuple_prepare_subst", self, alias, args)

    def __reduce__(self):
        return self.__name__

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of TypeVarTuple")


class ParamSpecArgs:
    """The args for a ParamSpec object."""

    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return "%r.args" % (self.__origin__,)

    def __eq__(self, other):
        if not isinstance(other, ParamSpecArgs):
            return NotImplemented
        return self.__origin__ == other.__origin__

    __hash__ = object.__hash__

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of ParamSpecArgs")


class ParamSpecKwargs:
    """The kwargs for a ParamSpec object."""

    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return "%r.kwargs" % (self.__origin__,)

    def __eq__(self, other):
        if not isinstance(other, ParamSpecKwargs):
            return NotImplemented
        return self.__origin__ == other.__origin__

    __hash__ = object.__hash__

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of ParamSpecKwargs")


class ParamSpec:
    """Parameter specification variable."""

    def __init__(self, name, *, bound=None, covariant=False, contravariant=False,
                 infer_variance=False, default=NoDefault):
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        if infer_variance and (covariant or contravariant):
            raise ValueError("Variance cannot be specified with infer_variance.")
        if bound is not None:
            bound = _type_check(bound, "Bound must be a type.")
        self.__name__ = name
        self.__bound__ = bound
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)
        self.__infer_variance__ = bool(infer_variance)
        self._default = default
        self._evaluate_default = None
        module = _caller_module()
        if module != "typing":
            self.__module__ = module

    __init_subclass__ = _no_subclass("ParamSpec")

    @property
    def args(self):
        return ParamSpecArgs(self)

    @property
    def kwargs(self):
        return ParamSpecKwargs(self)

    @property
    def __default__(self):
        if self._default is NoDefault and self._evaluate_default is not None:
            self._default = self._evaluate_default()
        return self._default

    def has_default(self):
        return self._evaluate_default is not None or self._default is not NoDefault

    def __repr__(self):
        if self.__infer_variance__:
            return self.__name__
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__

    def __or__(self, right):
        return _union(self, right)

    def __ror__(self, left):
        return _union(left, self)

    def __typing_subst__(self, arg):
        return _call_typing("_paramspec_subst", self, arg)

    def __typing_prepare_subst__(self, alias, args):
        return _call_typing("_paramspec_prepare_subst", self, alias, args)

    def __reduce__(self):
        return self.__name__

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of ParamSpec")


class TypeAliasType:
    """Type alias."""

    def __init__(self, name, value, *, type_params=()):
        if not isinstance(name, str):
            raise TypeError("typealias name must be a string")
        if not isinstance(type_params, tuple):
            raise TypeError("type_params must be a tuple")
        self._name = name
        self._value = value
        self._evaluate = None
        self._type_params = type_params
        self._module = _caller_module()

    __init_subclass__ = _no_subclass("TypeAliasType")

    @property
    def __name__(self):
        return self._name

    @property
    def __value__(self):
        if self._evaluate is not None:
            self._value = self._evaluate()
            self._evaluate = None
        return self._value

    @property
    def __type_params__(self):
        return self._type_params

    @property
    def __parameters__(self):
        return _call_typing("_collect_parameters", self._type_params) \
            if self._type_params else ()

    @property
    def __module__(self):
        return self._module

    def __getitem__(self, parameters):
        if not self._type_params:
            raise TypeError("Only generic type aliases are subscriptable")
        if not isinstance(parameters, tuple):
            parameters = (parameters,)
        import types
        return types.GenericAlias(self, parameters)

    def __repr__(self):
        return self._name

    def __reduce__(self):
        return self._name

    def __or__(self, right):
        return _union(self, right)

    def __ror__(self, left):
        return _union(left, self)

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of TypeAliasType")


class Generic:
    """Abstract base class for generic types."""
    __slots__ = ()
    _is_protocol = False

    def __class_getitem__(cls, params):
        return _call_typing("_generic_class_getitem", cls, params)

    def __init_subclass__(cls, *args, **kwargs):
        return _call_typing("_generic_init_subclass", cls, *args, **kwargs)


for _cls in (TypeVar, TypeVarTuple, ParamSpec, ParamSpecArgs, ParamSpecKwargs, TypeAliasType,
             Generic):
    _cls.__module__ = "typing"


# -- what the type-parameter intrinsics make (PEP 695) ----------------------------------------

def _intrinsic_typevar(name, evaluate_bound=None, evaluate_constraints=None):
    tv = TypeVar(name, infer_variance=True)
    tv._evaluate_bound = evaluate_bound
    tv._evaluate_constraints = evaluate_constraints
    tv.__module__ = _caller_module(3)
    return tv


def _intrinsic_paramspec(name):
    p = ParamSpec(name, infer_variance=True)
    p.__module__ = _caller_module(3)
    return p


def _intrinsic_typevartuple(name):
    t = TypeVarTuple(name)
    t.__module__ = _caller_module(3)
    return t


def _intrinsic_subscript_generic(params):
    return Generic[params]


def _intrinsic_typealias(args):
    name, type_params, evaluate = args
    alias = TypeAliasType(name, None, type_params=type_params if type_params is not None
                          else ())
    alias._evaluate = evaluate
    alias._module = _caller_module(3)
    return alias


def _intrinsic_set_default(param, evaluate_default):
    param._evaluate_default = evaluate_default
    return param
