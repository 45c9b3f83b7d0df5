# feature: exceptions, except star
# requires: 3.11
def raise_group():
    raise ExceptionGroup("many", [ValueError("v1"), TypeError("t1"), ValueError("v2"),
                                  ExceptionGroup("nested", [KeyError("k")])])

try:
    raise_group()
except* ValueError as eg:
    print("values:", repr(eg), [str(e) for e in eg.exceptions])
except* TypeError as eg:
    print("types:", eg.exceptions)
except* LookupError as eg:
    print("lookup:", eg.message, eg.exceptions[0].exceptions)

eg = ExceptionGroup("top", [ValueError(1), TypeError(2), ValueError(3)])
match, rest = eg.split(ValueError)
print(match, rest, match.exceptions, rest.exceptions)
print(eg.subgroup(lambda e: isinstance(e, TypeError)))
print(type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
print(type(BaseExceptionGroup("b", [ValueError()])).__name__)
try:
    ExceptionGroup("x", [])
except ValueError as e:
    print("ValueError:", e)
try:
    try:
        raise ValueError("solo")
    except* ValueError:
        raise TypeError("from handler")
except ExceptionGroup as e:
    print("reraised group", repr(e), repr(e.exceptions[0]))
except TypeError as e:
    print("plain", e)
e = ValueError("note me")
e.add_note("first note")
e.add_note("second note")
print(e.__notes__)
