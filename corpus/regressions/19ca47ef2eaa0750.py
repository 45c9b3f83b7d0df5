# feature: decorators, error-messages, lists, match, refcount, uncaught, varargs
# requires: 3.12
# regression: refcount|3.12|stderr line N|TypeError>TypeError
def a(b):
    pass
@a()
def c(v):
    pass
