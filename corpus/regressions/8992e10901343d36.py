# feature: assert, builtins, cycles, fstrings, generators, properties, slicing, string-methods, uncaught, weakref
# requires: 3.12
# regression: refcount|3.12|stderr line N|ZeroDivisionError>ZeroDivisionError
def a():
    return 0 // 0
a()
