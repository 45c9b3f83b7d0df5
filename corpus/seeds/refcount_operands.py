# feature: reference counts of operands (subscripts, slices, arithmetic, comparisons)
import sys
big = int("1500")
low = int("1200")
other = int("1700")
values = [0] * 2000
frozen = tuple(values)
table = {big: "x"}


def probe(label, action):
    before = (sys.getrefcount(big), sys.getrefcount(low), sys.getrefcount(other))
    for _ in range(3):
        action()
    after = (sys.getrefcount(big), sys.getrefcount(low), sys.getrefcount(other))
    print(label, [a - b for a, b in zip(after, before)])


probe("list index", lambda: values[big])
probe("tuple index", lambda: frozen[big])
probe("dict key", lambda: table[big])
probe("slice", lambda: values[low:big])
probe("slice step", lambda: values[low:big:2])
probe("tuple slice", lambda: frozen[low:big])
probe("add", lambda: big + other)
probe("compare", lambda: big < other)
probe("contains", lambda: big in table)
probe("is", lambda: big is other)


def store_index():
    values[big] = 0


def store_slice():
    values[low:low + 2] = [0, 0]


def delete_and_restore():
    values.append(0)
    del values[big]


def augmented():
    values[big] += 0


def local_ops(a=big, b=low):
    x = a - b
    y = values[a]
    z = frozen[b:a]
    return x, y, len(z), a > b


probe("store index", store_index)
probe("store slice", store_slice)
probe("delete", delete_and_restore)
probe("augmented", augmented)
probe("locals", local_ops)
print(len(values))
