# feature: exec, eval, compile
namespace = {"base": 10}
exec("def triple(x):\n    return 3 * x + base\nresult = triple(4)", namespace)
print(namespace["result"], namespace["triple"](1), sorted(k for k in namespace if k != "__builtins__"))
print(eval("base * 2 + 1", namespace), eval("[i * i for i in range(4)]"))
code = compile("total = sum(values)", "<calc>", "exec")
scope = {"values": [1, 2, 3]}
exec(code, scope)
print(scope["total"], code.co_filename, code.co_name)
expr = compile("a + b", "<expr>", "eval")
print(eval(expr, {"a": 1, "b": 2}), eval(expr, {}, {"a": "x", "b": "y"}))
def local_eval():
    v = 7
    return eval("v + 1")
print(local_eval())
try:
    exec("x = (1,")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno)
try:
    eval("undefined_name")
except NameError as e:
    print("NameError:", e)
exec("print('printed from exec')")
g = {}
exec("import math\nr = math.sqrt(16)", g)
print(g["r"])
