import sys
print('a')
print('b', file=sys.stderr)
raise KeyError('k')
