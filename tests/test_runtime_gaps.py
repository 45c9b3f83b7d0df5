"""Runtime gaps that crashed minivm in CPython's own Lib/test (found by ``harness
regrtest``): each program runs as ``python3.X FILE`` (the real interpreter of the host's
version, asked at test time) and as ``minivm --target 3.X run FILE``; stdout, stderr and
the exit status must be identical."""

from __future__ import annotations

import pytest

from .test_native_modules import pytestmark, run_both  # noqa: F401  (the same xfails)

PROGRAMS = {
    # BytesIO.getbuffer() is a memoryview of the buffer (pickle's framer writes it); the
    # export blocks resizing writes until every view of it is released
    "bytesio_getbuffer": '''import io, pickle
b = io.BytesIO(b"abc"); v = b.getbuffer()
print(type(v).__name__, v.readonly, v.format, len(v), bytes(v), v.nbytes, v.tobytes())
for data in (b"xxxx", b"z"):
    try: b.write(data)
    except BufferError as e: print(type(e).__name__, e)
w = v[1:]; print(bytes(w), w.tolist()); v.release()
try: b.write(b"xxxx")
except BufferError as e: print(type(e).__name__, e)
w.release(); print(b.write(b"xxxx"), b.getvalue())
with b.getbuffer() as m: print(bytes(m))
print(b.write(b"!"), b.getvalue())
b.close()
try: b.getbuffer()
except ValueError as e: print(type(e).__name__, e)
for obj in ({1, 2, 3}, frozenset("ab"), [1, [2]], True, {"k": (1.5, None)}):
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(obj, proto)) == obj, (obj, proto)
print(len(pickle.dumps(list(range(20000)), 4)))
''',
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(tmp_path, name):
    expected, actual = run_both(tmp_path, PROGRAMS[name])
    assert actual == expected
