# feature: complex
z = 3 + 4j
print(z, abs(z), z.real, z.imag, z.conjugate(), -z, z * 1j, z / 2)
print(complex(1, 2), complex("1+2j"), complex(2), 1j ** 2, (1 + 2j) ** 2, 0j, -0j)
print(z == complex(3, 4), z != 3, (1 + 0j) == 1, hash(1 + 0j) == hash(1))
print(repr(complex(0, -0.0)), repr(complex(-1.5, float("inf"))), 2j * 2.5)
try:
    z < 1j
except TypeError as e:
    print("TypeError:", e)
try:
    1 / 0j
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(f"{z:.2f}", format(z, ">20"), str(1e20j))
