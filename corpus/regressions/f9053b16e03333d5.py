# feature: builtins, checksum, conditionals, cycles, global, inheritance, loops, recursion, sets, unpacking
# requires: 3.13
# regression: refcount|3.13|stdout line N|->-
import gc
_ck = 0
def _fold(*values):
    global _ck
    for value in values:
        for ch in repr(value):
            _ck = (_ck * 131 + ord(ch)) % 2305843009213693951
def rec1(n):
    pass
st4 = set([10, 0, 12, 7, 0, 3])
st5 = {10, 3, 3}
_fold(st4 | st5, st4 & st5, st4 - st5, st4 ^ st5)
print('checksum', _ck)
