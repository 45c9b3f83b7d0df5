# feature: floats
values = [0.1, 1e22, 1e-7, 123456789.123, 2.5e-320, float("inf"), -0.0, 1 / 3]
for v in values:
    print(repr(v), str(v), v.is_integer() if v == v and abs(v) != float("inf") else "-")
print((0.1 + 0.2), 0.1 + 0.2 == 0.3, round(0.1 + 0.2, 10), round(2.675, 2), round(-1.5))
print((2.5).as_integer_ratio(), (0.75).hex(), float.fromhex("0x1.8p1"), (3.0).is_integer())
print(float("nan") == float("nan"), float("-inf") < -1e308, 1e308 * 10, -1e308 * 10)
print(divmod(7.5, 2), 7.5 // 2, -7.5 % 2, 7.5 % -2, 2 ** 0.5, (-8.0) ** 2)
print(int(1e20), float(10 ** 20), float("1_000.5"), float(" -3.5 "), float("1e3"))
print(hash(1.0) == hash(1), hash(0.5), hash(float("inf")), 1.0 == 1, 1.5 > 1)
print(max(1.5, 2), min(-0.0, 0.0), abs(-2.5), sum([0.1] * 10), 3.0 * 1.1)
for bad in ("abc", "1.2.3", ""):
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError:", e)
print(f"{1e16:.0f} {1.5e-5} {123.456e5} {1e100!r}", 1e16, 1e15, 12345678901234567.0)
