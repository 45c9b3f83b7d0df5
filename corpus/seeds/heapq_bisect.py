# feature: import, heapq, bisect
import heapq, bisect

h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print(h, heapq.heappop(h), heapq.heappushpop(h, 4), h)
print(heapq.nsmallest(3, [7, 1, 5, 3]), heapq.nlargest(2, "hello"), list(heapq.merge([1, 4], [2, 3])))
tasks = [(3, "low"), (1, "high"), (2, "mid")]
heapq.heapify(tasks)
print([heapq.heappop(tasks)[1] for _ in range(3)])
grades = [60, 70, 80, 90]
print([("FDCBA"[bisect.bisect(grades, s)]) for s in (55, 65, 85, 95, 70)])
a = [1, 2, 4, 4, 8]
bisect.insort(a, 3)
bisect.insort_left(a, 4)
print(a, bisect.bisect_left(a, 4), bisect.bisect_right(a, 4), bisect.bisect(a, 100, hi=3))
print(bisect.bisect_left([("a", 1), ("c", 3)], ("b",)), bisect.bisect([1, 2, 3], 2, key=None))
