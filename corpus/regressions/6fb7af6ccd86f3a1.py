# feature: cycles, decorators, dicts, lists, parameters, try-except, uncaught
# requires: 3.12
# regression: refcount|3.12|stderr line N|ValueError>ValueError
def a():
    return ''.index('z')
a()
