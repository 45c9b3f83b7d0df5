# feature: sorting
records = [("bob", 25, 3.5), ("alice", 30, 3.9), ("carol", 25, 3.7), ("dave", 30, 3.1)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: (-r[1], r[0])))
print(sorted(records, key=lambda r: r[2], reverse=True)[:2])
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
nums = [5, 3, 8, 1, 9, 2]
nums.sort(reverse=True)
print(nums, sorted("hello"), sorted({3: "a", 1: "b"}), sorted([(1, "b"), (1, "a")]))
import functools
def compare(a, b):
    return (a % 3) - (b % 3) or a - b
print(sorted(range(10), key=functools.cmp_to_key(compare)))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
data = [3, 1, 2]
try:
    data.sort(key=lambda x: data.append(x))
except ValueError as e:
    print("ValueError:", e)
print(min(records, key=lambda r: r[2]), max(words, key=len))
