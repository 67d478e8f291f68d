"""Orchestration: Prefect flows and the `planatlas` CLI. The only package that imports prefect."""
import os

# No network here: Prefect must not try to send analytics. Set before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Flow and task chatter would bury the build summary; PREFECT_LOGGING_LEVEL=INFO brings it back.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
