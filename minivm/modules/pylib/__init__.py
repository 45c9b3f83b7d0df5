"""Python sources of native modules that minivm runs itself (compiled by minivm's
compiler when first imported): their behaviour is easiest to state as Python.
The files are program text for the VM, not host modules."""
