"""Benchmarks: run by hand (`make bench`), never in CI."""
