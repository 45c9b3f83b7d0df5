"""Native modules of minivm, one file per module, registered with ``@native("name")``."""
