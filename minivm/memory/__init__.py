"""Memory management: reference-count helpers and the cyclic collector."""
