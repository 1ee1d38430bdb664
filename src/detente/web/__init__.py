"""The served face of detente: an HTTP API and a dashboard over the same library functions.

``create_app(warehouse)`` builds the FastAPI application; ``detente serve`` runs it with uvicorn.
Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, plotly, country_converter).
"""

from .app import create_app

__all__ = ["create_app"]
