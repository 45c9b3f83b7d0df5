# feature: arithmetic
a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a // b, -a % b)
print(divmod(a, b), divmod(-a, b), 2 ** 100, 7 << 3, 1000 >> 2, a & b, a | b, a ^ b, ~a)
print(abs(-3), round(2.5), round(3.5), round(2.675, 2), pow(3, 4, 5))
