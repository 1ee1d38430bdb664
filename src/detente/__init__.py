"""detente: measure, monitor and model the military's role in diplomatic relations."""

__version__ = "0.1.0"
