"""Case sets for models: units of analysis built from several sources (e.g. deterrence cases)."""
