# feature: import, collections
from collections import deque, defaultdict, Counter, OrderedDict, namedtuple, ChainMap

d = deque(range(5), maxlen=5)
d.append(5)
d.appendleft(-1)
d.extend([7, 8])
d.rotate(-2)
print(d, d.popleft(), d.pop(), d.count(5), list(reversed(d)))
groups = defaultdict(set)
for word in "the cat sat on the mat by the hat".split():
    groups[len(word)].add(word)
print(sorted((k, sorted(v)) for k, v in groups.items()))
c = Counter("abracadabra")
print(c.most_common(3), c["a"], c["z"], (c + Counter("aaz")).most_common(2))
c.subtract("aaaa")
print(sorted(c.items()), list((c & Counter("abc")).elements()))
od = OrderedDict([("x", 1), ("y", 2), ("z", 3)])
od.move_to_end("x")
od.popitem(last=False)
print(od, list(od.keys()))
Point = namedtuple("Point", "x y", defaults=[0])
p = Point(3)
print(p, p._asdict(), p._replace(y=9), Point._make([1, 2]), Point._field_defaults)
x, y = p
print(x + y, p.x, p[1], isinstance(p, tuple))
cm = ChainMap({"a": 1}, {"a": 10, "b": 20})
cm2 = cm.new_child({"c": 3})
print(cm["a"], cm2["c"], cm2["b"], sorted(cm2), cm2.maps[0])
