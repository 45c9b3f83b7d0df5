# feature: ints
n = 2 ** 100 + 12345
print(n.bit_length(), (255).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "little"))
print((-5).to_bytes(2, "little", signed=True), int.from_bytes(b"\xff\xff", "big", signed=True))
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), -17 // 5, -17 % 5, 17 % -5)
print(pow(3, 100, 7), pow(2, -1, 7), pow(-2, 3), 2 ** -1, (-8) ** (1 / 3) == (-8) ** (1 / 3))
print(round(2.5), round(3.5), round(-0.5), round(1234, -2), round(1250, -2), round(15, -1))
print(int("0x1F", 16), int("1_000"), int(" 42 "), int("z", 36), int(3.99), int(-3.99), int("-0b101", 0))
for bad in ("abc", "", "1.5", "0x"):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
print(abs(-7), (7).conjugate(), (10).real, (10).imag, (6).numerator, (6).denominator)
print(bin(10), oct(-8), hex(255), (1234).bit_count(), (5).as_integer_ratio())
print(7 / 2, 7 // 2, -7 // 2, 1 << 70, -1 >> 3, 5 & 3, 5 | 3, 5 ^ 3, ~5)
print(10 ** 30 // 7, str(10 ** 40)[:10], len(str(3 ** 1000)))
print(True + True, True * 10, isinstance(True, int), int(True), hash(-1), hash(-2))
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
