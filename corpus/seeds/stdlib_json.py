# feature: import, json
import json

data = {"name": "minivm", "version": [3, 12], "tags": ["vm", "python"], "meta": {"ok": True, "none": None, "pi": 3.14}}
text = json.dumps(data)
print(text)
print(json.dumps(data, indent=2, sort_keys=True))
back = json.loads(text)
print(back == data, back["meta"]["pi"], type(back["version"]).__name__)
print(json.dumps("é\n\"q\""), json.dumps("é", ensure_ascii=False), json.dumps([1.0, 1e20, -0.5]))
print(json.loads('[1, 2.5, "x", null, true, {"a": []}]'))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e, e.pos)
class Custom:
    pass
try:
    json.dumps(Custom())
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"b": 1, "a": 2}, separators=(",", ":")), json.dumps((1, 2)), json.loads("1e3"))
print(json.dumps(Custom(), default=lambda o: "<custom>"))
