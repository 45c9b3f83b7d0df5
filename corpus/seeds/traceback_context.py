# feature: tracebacks, chaining
try:
    {}["a"]
except KeyError:
    raise ValueError("while handling")
