"""A fake test package for tests/test_regrtest.py: modules named so pytest never collects
them (one of them kills its process, one sleeps forever)."""
