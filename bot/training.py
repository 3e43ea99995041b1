"""Train the Rasa model when it is missing or older than what it is trained from."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.paths import CONFIG_FILE, DIALOGUES_DIR, NLU_DIR, PROJECT_DIR

logger = logging.getLogger(__name__)
MODEL_NAME = "assistant"
# Everything a trained model depends on: training data, domain, pipeline and its components.
SOURCES = (CONFIG_FILE, DIALOGUES_DIR, NLU_DIR, PROJECT_DIR / "bot" / "nlu")


def model_path(models_dir: Path) -> Path:
    return models_dir / f"{MODEL_NAME}.tar.gz"


def _newest_source() -> float:
    times = []
    for source in SOURCES:
        files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
        times += [p.stat().st_mtime for p in files if "__pycache__" not in p.parts]
    return max(times)


def is_stale(models_dir: Path) -> bool:
    model = model_path(models_dir)
    return not model.exists() or model.stat().st_mtime < _newest_source()


def train(models_dir: Path, force: bool = False) -> Path:
    """Train unless an up-to-date model exists; returns the model's path."""
    model = model_path(models_dir)
    if not force and not is_stale(models_dir):
        logger.info("model %s is up to date", model)
        return model
    from rasa.model_training import train as rasa_train

    result = rasa_train(
        domain=str(DIALOGUES_DIR),
        config=str(CONFIG_FILE),
        training_files=[str(NLU_DIR), str(DIALOGUES_DIR)],
        output=str(models_dir),
        fixed_model_name=MODEL_NAME,
        force_training=force,
    )
    if result.code != 0 or not result.model:
        raise RuntimeError(f"training failed (code {result.code})")
    model.touch()  # Rasa may reuse an unchanged model; mark it as checked against the data
    return model
