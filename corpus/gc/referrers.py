# gc.get_referrers and gc.get_referents.
import gc


class Box:
    pass


target = ["t"]
holder = [target]
mapping = {"k": target}
box = Box()
box.item = target
found = gc.get_referrers(target)
print(any(o is holder for o in found), any(o is mapping for o in found))
print(sorted(type(o).__name__ for o in gc.get_referents(holder, mapping)))
print(gc.get_referents(1, "s"))
print(sorted(map(repr, gc.get_referents({"a": 1, "b": [2]}))))
print(gc.get_referents((1, "x", None)))
