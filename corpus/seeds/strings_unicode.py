# feature: strings, unicode
s = "héllo wörld €"
print(len(s), s.upper(), s.encode("utf-8"), s[1], ord(s[-1]), ascii(s))
print(b"bytes".decode(), bytes([65, 66]), b"ab" + b"cd", b"x" * 3, list(b"hi"))
print(repr("tab\there"), "a\\b", "%c" % 65, "café".casefold(), "ß".upper())
