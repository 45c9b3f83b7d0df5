# feature: import, re
import re

text = "Contact: alice@example.com, bob@test.org; phone 555-1234 or 555-9876."
emails = re.findall(r"([\w.]+)@([\w.]+)", text)
print(emails)
m = re.search(r"(?P<area>\d{3})-(?P<num>\d{4})", text)
print(m.group(0), m.group("area"), m.groupdict(), m.span(), m.start("num"))
print(re.sub(r"\d", "#", "a1b22"), re.sub(r"(\w+)@(\w+)", r"\2 at \1", "x@y z@w"))
print(re.split(r"[,;]\s*", "a, b;c ,d"), re.split(r"(-)", "1-2-3", maxsplit=1))
pat = re.compile(r"^\s*(\w+)\s*=\s*(.*?)\s*$", re.MULTILINE)
print(pat.findall("a = 1\n  b=two  \nbad line\nc= 3"))
print([m.group(1) for m in re.finditer(r"<(\w+)>", "<a><bb><ccc>")], re.fullmatch(r"\d+", "123x"))
print(re.sub(r"[aeiou]", lambda m: m.group().upper(), "education"), re.escape("1+1=2?"))
print(pat, re.compile("x", re.I | re.S), re.match("(a)|(b)", "b").groups(default="-"))
try:
    re.compile("(?P<n>a)(?P<n>b)")
except re.error as e:
    print("re.error:", e)
print(re.subn("a", "A", "banana", count=2), bool(re.match(r"[A-Z][a-z]+$", "Hello")))
