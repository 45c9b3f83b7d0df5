# feature: arithmetic, floats
x = 1.5
y = 0.1 + 0.2
print(x * 2, y, x / 3, 7.0 // 2, 7.5 % 2, 2 ** 0.5, float("inf"), -0.0)
print(round(3.14159, 3), int(3.99), float(7), 1e300 * 1e10, 10 / 4)
print(f"{y:.3f} {x:8.2f} {1234567.891:,.2f} {0.5:%}")
