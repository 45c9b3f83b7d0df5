# feature: chained-comparison, closures, comprehensions, finalizer, lambdas, strings, uncaught
# requires: 3.12
# regression: refcount|3.12|stderr line N|AttributeError>AttributeError
def a():
    return (0).nope
a()
