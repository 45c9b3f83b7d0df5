# feature: import
import math
from math import sqrt, pi
print(math.floor(3.7), math.ceil(3.2), sqrt(16), round(pi, 5), math.gcd(12, 18))
print(math.factorial(10), math.isclose(0.1 + 0.2, 0.3), math.inf > 10 ** 100)
try:
    import no_such_module_here
except ImportError as e:
    print(type(e).__name__, e)
