# feature: lists
xs = [5, 3, 8, 1]
xs.append(7)
xs.extend([2, 9])
xs.insert(0, 0)
print(xs, xs.pop(), xs.pop(0), len(xs), xs.index(8), xs.count(3))
xs.sort()
print(xs, sorted(xs, reverse=True), xs[1:4], xs[::2], min(xs), max(xs), sum(xs))
xs.remove(3)
xs.reverse()
del xs[0]
xs[1:3] = [10, 20, 30]
print(xs, xs * 2, [1] + [2], 5 in xs)
