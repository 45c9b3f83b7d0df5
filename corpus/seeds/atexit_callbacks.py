# feature: atexit
import atexit
def bye(who, punct="!"):
    print("bye", who + punct)
class Bad:
    def __call__(self):
        raise ValueError("boom")
    def __repr__(self):
        return "<Bad callback>"
bad = Bad()
atexit.register(bye, "first")
atexit.register(bad)
atexit.register(bye, "second", punct="?")
print("main done", atexit._ncallbacks())
atexit.register(print, "unregistered")
atexit.unregister(print)
