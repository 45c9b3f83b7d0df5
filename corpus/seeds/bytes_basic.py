# feature: bytes
b = b"hello world"
print(b, b[0], b[-1:], b.upper(), b.split(), b.replace(b"o", b"0"), len(b))
print(bytes(3), bytes([65, 66]), bytes("é", "utf-8"), b"\x00\xff".hex(), bytes.fromhex("41 42"))
print(b.decode(), "héllo".encode(), "héllo".encode("latin-1"), b"abc" + b"def", b"ab" * 2)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
ba = bytearray(b"abc")
ba.append(100)
ba[0] = 65
ba.extend(b"xyz")
del ba[1]
print(ba, bytes(ba), ba.pop(), ba, len(ba), ba.find(b"x"))
print(b"a,b".split(b","), b"-".join([b"x", b"y"]), b"  x ".strip(), b"abc".startswith(b"a"))
print(list(b"AB"), b"%s=%d" % (b"k", 5), repr(b"'\""), b"A" in b"ABC", 66 in b"ABC")
print(b"abc" == bytearray(b"abc"), bytearray(b"xy") + b"z", b"q" + bytearray(b"r"))
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
