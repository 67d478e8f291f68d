"""Orchestration: Prefect flows and the `planatlas` CLI. The only package that imports prefect."""
import os

# No network here: Prefect must not try to send analytics. Set before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Flow and task chatter would bury the build summary; PREFECT_LOGGING_LEVEL=INFO brings it back.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# The temporary local API starts in 9-17 s here and Prefect gives up after 20 (counting only its own
# sleeps): on a busy machine a build or a test failed to start (measured: a test run beside five other
# processes). Two minutes, unless set.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
