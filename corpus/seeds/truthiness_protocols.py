# feature: truthiness
class Empty:
    def __len__(self):
        return 0
class Falsy:
    def __bool__(self):
        return False
class Both:
    def __bool__(self):
        return True
    def __len__(self):
        return 0
class BadBool:
    def __bool__(self):
        return 1
class NegLen:
    def __len__(self):
        return -1
print(bool(Empty()), bool(Falsy()), bool(Both()), bool(object()), not Empty())
print([x for x in (0, 0.0, "", [], {}, set(), None, (), 1, "a", [0]) if x])
print(Empty() or "default", type(Falsy() and "never").__name__, 0 or None or "last", 1 and 2 and 3)
for bad in (BadBool(), NegLen()):
    try:
        bool(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
if Empty():
    print("unreachable")
else:
    print("empty is false")
print(all([Both(), 1]), any([Empty(), Falsy()]))
