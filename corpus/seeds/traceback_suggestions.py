# feature: tracebacks, suggestions
class Config:
    def __init__(self):
        self.timeout = 5
        self.retries = 3

c = Config()
try:
    c.timout
except AttributeError as e:
    print("caught:", e)
values = [1, 2, 3]
try:
    print(valuse)
except NameError as e:
    print("caught:", e)
print(c.retrys)
