# feature: sys
import sys
print("start")
sys.exit(3)
print("unreachable")
