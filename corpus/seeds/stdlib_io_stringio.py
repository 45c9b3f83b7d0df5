# feature: import, io
import io

buf = io.StringIO()
buf.write("first line\n")
print("second", "line", file=buf, sep="-")
buf.writelines(["x\n", "y\n"])
print(repr(buf.getvalue()), buf.tell())
buf.seek(0)
print(buf.readline().rstrip(), buf.read(6), list(buf))
src = io.StringIO("alpha\nbeta\ngamma")
for lineno, line in enumerate(src, 1):
    print(lineno, line.rstrip())
b = io.BytesIO()
b.write(b"\x00\x01binary")
b.seek(2)
print(b.read(), b.getvalue()[:2], len(b.getvalue()))
with io.StringIO("ctx") as s:
    print(s.read(), s.closed)
print(s.closed)
try:
    s.read()
except ValueError as e:
    print("ValueError:", e)
class Recorder(io.StringIO):
    def write(self, text):
        return super().write(text.upper())
r = Recorder()
print("quiet words", file=r, end="!")
print(r.getvalue(), isinstance(r, io.TextIOBase))
