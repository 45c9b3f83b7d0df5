# feature: builtins
print(list(enumerate("abc", 1)), list(zip([1, 2, 3], "xy")), list(map(str, [1, 2])))
print(list(filter(None, [0, 1, "", "a"])), list(reversed([1, 2, 3])), any([]), all([]))
print(sorted("banana"), min(3, 1, 2), max("abc", key=ord), sum([1.5, 2.5]), abs(-2.5))
print(chr(65), ord("a"), bin(10), hex(255), oct(8), divmod(7, 2), isinstance(1, (str, int)))
print(int("ff", 16), float("1.5"), str(None), bool([]), list(range(2, 10, 3)), len({}))
print(callable(print), type(3), type("s"), type(None), repr([None, True]))
