# feature: tracebacks
class Stack:
    def __init__(self):
        self.items = []
    def pop(self):
        return self.items.pop()
def process(s):
    return s.pop()
process(Stack())
