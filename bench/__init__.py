"""Benchmarks of hubgen builds, next to other static-site generators (see bench/README.md)."""
