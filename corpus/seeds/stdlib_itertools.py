# feature: import, itertools
# requires: 3.12
import itertools as it

print(list(it.islice(it.count(10, 5), 4)), list(it.islice(it.cycle("ab"), 5)), list(it.repeat("x", 3)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)), list(it.accumulate([1, 2], initial=10)))
print(list(it.chain("ab", [1, 2])), list(it.chain.from_iterable(["xy", "z"])), list(it.compress("abcd", [1, 0, 1, 0])))
print(list(it.dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(it.takewhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(it.filterfalse(lambda x: x % 2, range(6))), list(it.starmap(pow, [(2, 3), (3, 2)])))
print([(k, list(g)) for k, g in it.groupby("aaabbcaa")], [(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4], key=lambda x: x % 2)])
print(list(it.product("ab", repeat=2)), list(it.product([1, 2], "xy")))
print(list(it.permutations("abc", 2)), list(it.combinations(range(4), 3)), list(it.combinations_with_replacement("ab", 2)))
print(list(it.zip_longest("abc", [1], fillvalue="-")), list(it.pairwise("abcd")))
a, b = it.tee([1, 2, 3])
print(list(a), list(b), list(it.islice("abcdefg", 1, 6, 2)))
print(list(it.batched("abcdefg", 3)), next(it.count()), repr(it.count(3)), repr(it.repeat(1, 2)))
