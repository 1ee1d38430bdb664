"""Tests of the pure measures (a package so its file names may repeat those in tests/steps)."""
