# feature: iterators
class Countdown:
    def __init__(self, start):
        self.current = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1

print(list(Countdown(4)))
class OldStyle:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(OldStyle()), 20 in OldStyle(), list(reversed([1, 2, 3])))
class Rev:
    def __init__(self, data):
        self.data = data
    def __reversed__(self):
        return iter(self.data[::-1])
    def __len__(self):
        return len(self.data)
print(list(reversed(Rev("abc"))))
it = iter([1, 2, 3])
print(next(it), list(it), next(it, "done"))
counter = [0]
def tick():
    counter[0] += 1
    return counter[0]
print(list(iter(tick, 4)))
e = enumerate("xyz", start=1)
print(next(e), list(e))
print(list(zip("ab", [1, 2, 3])), list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "a"])))
try:
    next(iter([]))
except StopIteration:
    print("StopIteration raised")
try:
    iter(5)
except TypeError as e:
    print("TypeError:", e)
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)
r = range(10, 0, -3)
print(list(r), r[1], len(r), 4 in r, r.index(7), range(5)[1:3], reversed(range(3)).__class__.__name__)
