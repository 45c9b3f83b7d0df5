"""The virtual machine: frames, the eval loop and the object model."""
