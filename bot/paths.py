"""Where the project's data lives, so every module finds it the same way."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(os.environ.get("ASSISTANT_HOME", Path(__file__).resolve().parent.parent))
LOCALES_DIR = PROJECT_DIR / "locales"
HELPLINES_DIR = PROJECT_DIR / "helplines"
DIALOGUES_DIR = PROJECT_DIR / "dialogues"
NLU_DIR = PROJECT_DIR / "nlu"
CONFIG_FILE = PROJECT_DIR / "config.yml"
ENDPOINTS_FILE = PROJECT_DIR / "endpoints.yml"
WEB_DIR = Path(__file__).resolve().parent / "web"  # the chat's pages, script and style
MODELS_DIR = Path(os.environ.get("MODELS_DIR", PROJECT_DIR / "models"))
