# feature: import, copy
import copy

nested = {"list": [1, [2, 3]], "tuple": (4, [5])}
shallow = copy.copy(nested)
deep = copy.deepcopy(nested)
nested["list"][1].append(99)
print(shallow["list"], deep["list"], shallow["list"] is nested["list"], deep["tuple"] is nested["tuple"])
class Node:
    def __init__(self, name):
        self.name = name
        self.children = []
    def __repr__(self):
        return "Node(%s, %d children)" % (self.name, len(self.children))
root = Node("root")
root.children.append(root)
clone = copy.deepcopy(root)
print(clone, clone.children[0] is clone, clone is not root)
class Custom:
    def __init__(self, v):
        self.v = v
    def __copy__(self):
        print("custom copy")
        return Custom(self.v)
    def __deepcopy__(self, memo):
        print("custom deepcopy")
        return Custom(copy.deepcopy(self.v, memo))
c = Custom([1])
print(copy.copy(c).v, copy.deepcopy(c).v is c.v)
t = (1, 2)
print(copy.copy(t) is t, copy.deepcopy([t])[0] is t, copy.copy([1, 2]))
