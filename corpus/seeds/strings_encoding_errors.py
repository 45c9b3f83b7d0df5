# feature: strings, unicode, encoding
text = "naïve café ☕ 𝄞"
for enc in ("utf-8", "utf-16-le", "latin-1", "ascii"):
    for errors in ("strict", "replace", "ignore", "backslashreplace", "xmlcharrefreplace"):
        try:
            print(enc, errors, text.encode(enc, errors))
        except UnicodeEncodeError as e:
            print(enc, errors, "UnicodeEncodeError:", e.reason, e.start, e.end)
raw = b"caf\xc3\xa9 \xff\xfe end"
for errors in ("replace", "ignore", "backslashreplace", "surrogateescape"):
    print(errors, repr(raw.decode("utf-8", errors)))
print(len(text), len(text.encode()), text.upper(), text[::-1], ord("𝄞"), "\N{SNOWMAN}")
print("ǅ".lower(), "ß".upper(), "ﬁ".upper(), "İ".lower(), len("İ".lower()))
print(ascii(text), repr("tab\tnew\nline"), "\u00e9" == "é", "e\u0301" == "é")
