# feature: arithmetic, big integers
x = 2 ** 200
print(x, x // 3 ** 50, x % 1000007, -x >> 100, len(str(x)), x.bit_length())
print(int("123456789" * 5), 10 ** 30 + 1, (10 ** 20) * (10 ** 20), hex(2 ** 70))
print(7 // -2, -7 // 2, 7 % -3, (-7) % 3, int(-3.7), round(-2.5), 3 == 3.0, 0.1 * 3 == 0.3)
