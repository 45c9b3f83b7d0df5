import atexit
atexit.register(print, 'second')
atexit.register(print, 'first')
print('main')
