"""Command line: `python -m bot serve|train` (see README)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings

from bot import logs  # noqa: F401  (sets TensorFlow/Rasa environment before they load)
from bot.settings import Settings


def _serve(settings: Settings, port: int | None) -> int:
    from aiohttp import web

    from bot.assistant import Assistant
    from bot.server import create_app
    from bot.training import train

    model = train(settings.models_dir)
    assistant = asyncio.run(Assistant.load(model, session_ttl_seconds=settings.session_ttl))
    print(f"Assistant ready on http://localhost:{port or settings.port}", flush=True)
    web.run_app(
        create_app(assistant),
        host=settings.host,
        port=port or settings.port,
        print=None,
        access_log=None,
    )
    return 0


def _train(settings: Settings, force: bool) -> int:
    from bot.training import train

    print(f"Model: {train(settings.models_dir, force=force)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="answer over HTTP (REST webhook, /health)")
    serve.add_argument("--port", type=int, help="port to listen on (default $PORT or 5005)")
    train = commands.add_parser("train", help="train the model when its data changed")
    train.add_argument("--force", action="store_true", help="train even if up to date")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    warnings.filterwarnings("ignore")
    logs.configure(settings.log_level)
    if args.command == "serve":
        return _serve(settings, args.port)
    return _train(settings, args.force)


if __name__ == "__main__":
    sys.exit(main())
