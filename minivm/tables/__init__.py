"""The tables a code object carries beside its bytecode, each format encoded and
decoded in one module: :mod:`.linetable` (``co_lnotab`` of 3.8/3.9, the 3.10
``co_linetable`` and the 3.11+ location table) and :mod:`.exctable` (the 3.11+
``co_exceptiontable``).  The compiler writes them, ``dis`` and the VM read them."""
