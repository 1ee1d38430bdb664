"""``python -m detente`` runs the command-line interface."""

from .cli import main

main()
