"""Command line: `python -m bot serve|train|stats` (see README)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings
from pathlib import Path
from typing import Any

from bot import logs  # sets TensorFlow/Rasa environment before they load
from bot.settings import Settings


def _start(settings: Settings) -> tuple[asyncio.AbstractEventLoop, Any, Any]:
    """Model, database, directory and assistant, shared by every way of serving."""
    from bot import directory, stats
    from bot.assistant import Assistant
    from bot.db import connect
    from bot.directory import store
    from bot.pseudonyms import Pseudonymizer, load_secret
    from bot.training import train

    model = train(settings.models_dir)
    pseudonymize = Pseudonymizer(load_secret(settings.session_secret, settings.session_secret_file))
    engine = connect(settings.database_url)
    if not store.load(engine):  # a new database: load the country files once
        store.sync(engine)
    directory.install(store.load(engine))
    recorder = stats.StatsRecorder(engine)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    assistant = loop.run_until_complete(Assistant.load(model, settings, recorder))
    return loop, assistant, pseudonymize


def _serve(settings: Settings, port: int | None) -> int:
    from aiohttp import web

    from bot.server import create_app

    loop, assistant, pseudonymize = _start(settings)
    app = create_app(assistant, pseudonymize, settings)
    if settings.telegram_token and settings.telegram_webhook_url:
        from bot.channels import telegram_webhook
        from bot.channels.telegram import TelegramChannel
        from bot.pseudonyms import load_secret

        bot_app = TelegramChannel(assistant, pseudonymize).build(
            settings.telegram_token, settings.telegram_api_base_url, polling=False
        )
        secret = telegram_webhook.webhook_secret(
            load_secret(settings.session_secret, settings.session_secret_file)
        )
        telegram_webhook.attach(
            app, telegram_webhook.TelegramWebhook(bot_app, settings.telegram_webhook_url, secret)
        )
    print(f"Assistant ready on http://localhost:{port or settings.port}", flush=True)
    web.run_app(
        app,
        host=settings.host,
        port=port or settings.port,
        print=None,
        access_log=None,
        loop=loop,
    )
    return 0


def _telegram(settings: Settings) -> int:
    from bot.channels.telegram import TelegramChannel, run_polling

    if not settings.telegram_token:
        print("Set TELEGRAM_TOKEN to the token BotFather gave you.", file=sys.stderr)
        return 2
    _, assistant, pseudonymize = _start(settings)
    print("Telegram bot polling for messages", flush=True)
    run_polling(
        TelegramChannel(assistant, pseudonymize),
        settings.telegram_token,
        settings.telegram_api_base_url,
    )
    return 0


def _train(settings: Settings, force: bool) -> int:
    from bot.training import train

    print(f"Model: {train(settings.models_dir, force=force)}")
    return 0


def _stats(settings: Settings, weeks: int, png: str | None) -> int:
    from bot import stats

    engine = stats.connect(settings.database_url)
    rows = stats.weekly_topics(engine, weeks)
    print(stats.table(rows))
    if png:
        stats.chart(rows, Path(png))
        print(f"chart written to {png}")
    return 0


def _helplines(settings: Settings, args: argparse.Namespace) -> int:
    from bot.db import connect
    from bot.directory import cli

    if args.action == "check":
        return cli.run_check()
    engine = connect(settings.database_url)
    if args.action == "sync":
        return cli.run_sync(engine)
    if args.action == "list":
        return cli.run_list(engine, args.country, args.need, args.language)
    if args.action == "facts":
        return cli.run_facts(engine, args.country)
    return cli.run_export(engine, args.format)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="answer over HTTP (REST webhook, /health)")
    serve.add_argument("--port", type=int, help="port to listen on (default $PORT or 5005)")
    commands.add_parser("telegram", help="run the Telegram bot with long polling")
    train = commands.add_parser("train", help="train the model when its data changed")
    train.add_argument("--force", action="store_true", help="train even if up to date")
    report = commands.add_parser("stats", help="topics by week (counts under 5 hidden)")
    report.add_argument("--weeks", type=int, default=12, help="how many weeks back")
    report.add_argument("--png", help="also draw a chart of topics by week into this file")
    lines = commands.add_parser(
        "helplines", help="check, sync, list, facts and export the directory"
    )
    actions = lines.add_subparsers(dest="action", required=True)
    actions.add_parser("check", help="validate helplines/*.yml (exit 1 on errors)")
    actions.add_parser("sync", help="load helplines/*.yml into the database")
    listing = actions.add_parser("list", help="ranked entries for a country")
    listing.add_argument("--country", required=True, help="ISO code, e.g. SE")
    listing.add_argument("--need", choices=["general", "labour", "trafficking", "emergency"])
    listing.add_argument("--language", help="language the person speaks, e.g. ru")
    facts = actions.add_parser("facts", help="a country's facts (minimum wage, deadlines)")
    facts.add_argument("--country", required=True, help="ISO code, e.g. DE")
    export = actions.add_parser("export", help="every entry, for other tools")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    warnings.filterwarnings("ignore")
    logs.configure(settings.log_level)
    if args.command == "serve":
        return _serve(settings, args.port)
    if args.command == "stats":
        return _stats(settings, args.weeks, args.png)
    if args.command == "helplines":
        return _helplines(settings, args)
    if args.command == "telegram":
        return _telegram(settings)
    return _train(settings, args.force)


if __name__ == "__main__":
    sys.exit(main())
