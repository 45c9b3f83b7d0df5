# feature: sorting
people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 20)]
print(sorted(people, key=lambda p: (p[1], p[0])))
print(sorted(people, key=lambda p: p[1], reverse=True))
words = "the quick brown fox jumps over the lazy dog".split()
words.sort(key=len)
print(words, max(words, key=len), min(words))
print(sorted([3, 1, 2]) == [1, 2, 3], sorted("cba"), sorted({3: 1, 1: 2}))
