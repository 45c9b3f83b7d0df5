"""Native modules of minivm, one file per module, registered with ``@native("name")``.

Importing this package imports every module file, which registers its maker in
``minivm.builtins.NATIVE_MODULES``; ``_util`` holds what several modules share, ``pylib``
the Python sources of the modules minivm runs itself.
"""

from __future__ import annotations

import importlib

#: The module files (a file may register more than one name, e.g. ``_sha2``).
MODULE_FILES = (
    "_weakref", "_thread", "time", "itertools", "_string", "_collections", "_sre", "posix",
    "_codecs", "_random", "_md5", "_sha1", "_sha2", "_sha3", "_blake2", "binascii", "_io",
    "_typing", "_contextvars", "_ast", "_imp", "_warnings", "marshal", "_tokenize", "_opcode",
    "atexit", "_signal", "math", "_bisect", "gc", "errno", "_struct", "select", "_socket",
    "_posixsubprocess", "unicodedata", "array",
)

for _name in MODULE_FILES:
    importlib.import_module("." + _name, __name__)
