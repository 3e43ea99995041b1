"""Logging for the server: quiet by default, because Rasa's debug logs contain messages."""

from __future__ import annotations

import logging
import os

# Set before TensorFlow or Rasa are imported: no TF chatter, no telemetry calls home.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def configure(level_name: str = "WARNING") -> None:
    """Apply one level to the standard logging and to Rasa's structlog output."""
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        level = logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(max(level, logging.INFO))
    for noisy in ("rasa", "tensorflow", "absl", "matplotlib", "apscheduler", "sanic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
