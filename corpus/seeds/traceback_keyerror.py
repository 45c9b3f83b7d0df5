# feature: tracebacks
config = {"host": "x"}
def port(cfg):
    return cfg["port"]
print(port(config))
