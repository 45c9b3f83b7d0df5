print(list(globals()))
print(__file__.endswith("main_module_namespace.py"), __cached__, type(__loader__).__name__)
