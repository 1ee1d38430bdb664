"""Tests of the HTTP API and the dashboard (a package, so its conftest does not clash with others)."""
