"""The standard Rasa commands work on the project: data validation and conversation tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.paths import PROJECT_DIR

RASA = [sys.executable, "-m", "rasa"]


def run(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        RASA + args,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
        env={
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
            "HOME": str(tmp),
        },
    )


def test_rasa_data_validate(tmp_path: Path) -> None:
    result = run(
        [
            "data",
            "validate",
            "--domain",
            "dialogues",
            "--data",
            "nlu",
            "dialogues",
            "--config",
            "config.yml",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_rasa_conversation_tests(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = run(
        [
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/test_stories.yml",
            "--endpoints",
            "endpoints.yml",
            "--out",
            str(out),
            "--fail-on-prediction-errors",
        ],
        tmp_path,
    )
    failed = out / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, report[-4000:] + result.stdout[-2000:] + result.stderr[-2000:]
