# feature: big integers
import math
f50 = math.factorial(50)
print(f50, len(str(f50)), f50 % 10 ** 12, f50.bit_length())
a = 2 ** 200 + 12345
b = 3 ** 100 - 7
print(a * b, a // b, a % b, divmod(-a, b), pow(a, 3, b), a ^ b, a & b, a | b, -a >> 7, a << 9)
print(math.gcd(a, b), math.isqrt(a), (a * a) // a == a, abs(-a) == a, round(a, -50))
print(int("1" * 60) + 1, hex(2 ** 100), oct(2 ** 64), bin(2 ** 70)[:10], (10 ** 30).to_bytes(13, "big"))
fib = [0, 1]
for _ in range(150):
    fib.append(fib[-1] + fib[-2])
print(fib[-1], sum(fib) % 1000000007, fib[-1] / fib[-2])
print(float(2 ** 1000) == 2.0 ** 1000, 2 ** 64 - 1 == 18446744073709551615, -(2 ** 63))
