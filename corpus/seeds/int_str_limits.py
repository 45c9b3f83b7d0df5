# feature: big integers, limits
# requires: 3.11
import sys
big = 10 ** 5000
try:
    str(big)
except ValueError as e:
    print("ValueError:", e)
try:
    int("9" * 4301)
except ValueError as e:
    print("ValueError:", e)
print(len(str(10 ** 4299)), int("7" * 4300) % 1000, sys.get_int_max_str_digits())
sys.set_int_max_str_digits(6000)
print(len(str(big)), sys.get_int_max_str_digits())
print(hex(big)[:12], big.bit_length(), (big // 3) % 7, pow(3, 10 ** 4, 10 ** 9 + 7))
