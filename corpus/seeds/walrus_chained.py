# feature: walrus, comparisons
data = [4, 7, 1, 9, 3]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 6], y)
print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1.0 == True, "a" < "b" < "c")
calls = []
def val(v):
    calls.append(v)
    return v
print(val(1) < val(0) < val(5), calls)
calls.clear()
print(val(1) < val(2) < val(3), calls)
while (chunk := data[:2]):
    print("chunk", chunk)
    data = data[2:]
x = [1, 2]
print(x is x, x is not [1, 2], x == [1, 2], None is None)
print((a := 5) + a, (b := (c := 2) * 3), b, c)
