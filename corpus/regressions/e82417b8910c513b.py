# feature: closures, custom-exceptions, finalizer, fstrings, global, nonlocal, properties, recursion, uncaught, unpacking, with
# requires: 3.12
# regression: refcount|3.12|stderr line N|IndexError>IndexError
def a():
    return [][0]
a()
