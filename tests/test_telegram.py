"""The Telegram channel: real python-telegram-bot against a local fake Bot API server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot import directory, stats
from bot.answers import AnswerRenderer
from bot.assistant import Assistant
from bot.channels.telegram import TelegramChannel, deep_link, split_text
from bot.db import connect
from bot.directory import phones, selection
from bot.paths import DIALOGUES_DIR
from bot.pseudonyms import Pseudonymizer
from bot.settings import Settings
from tests.conftest import TEST_SECRET
from tests.fake_telegram import FakeBotApi

RENDERER = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq"


def expected(name: str, **slots: str) -> str:
    return RENDERER.render(name, slots)["text"]


@pytest.fixture
async def running(model: Path, tmp_path: Path) -> AsyncIterator[tuple[FakeBotApi, Assistant]]:
    """The channel polling the fake Bot API, and the assistant behind it."""
    api = FakeBotApi()
    base = await api.start()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    assistant = await Assistant.load(model, settings)
    channel = TelegramChannel(assistant, Pseudonymizer(TEST_SECRET.encode()))
    app = channel.build(TOKEN, base)
    await app.initialize()
    await app.post_init(app)  # what run_polling does after initialize
    await app.start()
    await app.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=["message", "callback_query"]
    )
    yield api, assistant
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    await api.stop()
    await assistant.close()


@pytest.fixture
def telegram(running: tuple[FakeBotApi, Assistant]) -> FakeBotApi:
    return running[0]


def test_deep_link_payloads() -> None:
    assert deep_link("ru_SE") == ("ru", "SE")
    assert deep_link("ar") == ("ar", None)
    assert deep_link("SE") == (None, "SE")
    assert deep_link("xx_ZZ") == (None, None)


def test_long_answers_are_split_under_the_limit() -> None:
    pieces = split_text("line\n" * 2000)
    assert all(len(p) <= 4096 for p in pieces) and "".join(pieces).count("line") == 2000


async def test_start_with_deep_link_sets_language_and_country(telegram: FakeBotApi) -> None:
    telegram.user_text(501, "/start ru_SE", language="en")
    sent = await telegram.wait_for(2, 501)
    assert sent[0]["text"] == expected("utter_privacy_short", language="ru")
    assert sent[1]["text"] == expected("utter_greet", language="ru", country="SE")
    buttons = sent[1]["reply_markup"]["inline_keyboard"]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in buttons)
    telegram.user_text(501, "куда звонить", language="en")
    sent = await telegram.wait_for(3, 501)
    assert "Jämställdhetsmyndigheten" in sent[2]["text"]


async def test_commands_registered_in_each_language(telegram: FakeBotApi) -> None:
    registered = telegram.called("setMyCommands")
    by_language = {c.get("language_code"): c["commands"] for c in registered}
    assert set(by_language) == {None, "ru", "ar"}
    assert {c["command"] for c in by_language["ru"]} >= {"start", "forget", "selfcheck"}


def texts(chat: list[dict]) -> list[str]:
    return [m["text"] for m in chat]


async def test_language_from_telegram_and_buttons(telegram: FakeBotApi) -> None:
    telegram.user_text(502, "مرحبا", language="ar")
    sent = await telegram.wait_for(2, 502)
    assert sent[1]["text"] == expected("utter_greet", language="ar")
    selfcheck = next(
        row[0]
        for row in sent[1]["reply_markup"]["inline_keyboard"]
        if row[0]["callback_data"].startswith("/start_selfcheck")
    )
    # The greeting's menu is pressed: the greeting becomes the self-check's introduction
    # and its first question follows, instead of the menu staying above them.
    question = expected("utter_ask_sc_documents", language="ar")
    telegram.button(502, selfcheck["callback_data"], language="ar")
    chat = await telegram.wait_until(502, lambda c: texts(c)[-1:] == [question])
    assert texts(chat) == [
        expected("utter_privacy_short", language="ar"),
        expected("utter_selfcheck_intro", language="ar"),
        question,
    ]
    assert telegram.called("answerCallbackQuery") and telegram.called("editMessageText")
    telegram.button(502, "/affirm", language="ar")
    following = expected("utter_ask_sc_debt", language="ar")
    chat = await telegram.wait_until(502, lambda c: texts(c)[-1:] == [following])
    assert len(chat) == 3  # the answered question was replaced by the next one


async def test_button_further_up_the_chat_answers_below(telegram: FakeBotApi) -> None:
    telegram.user_text(509, "hello", language="en")
    await telegram.wait_for(2, 509)
    greeting = telegram.chat(509)[1]
    telegram.user_text(509, "what are my rights at work?", language="en")
    await telegram.wait_for(3, 509)
    telegram.button(509, "/privacy", language="en", message_id=greeting["message_id"])
    chat = await telegram.wait_until(
        509, lambda c: texts(c)[-1:] == [expected("utter_privacy", language="en")]
    )
    assert texts(chat)[1] == greeting["text"]  # the old message is left as it was
    assert not telegram.called("editMessageText")


async def test_network_error_towards_telegram_still_delivers(telegram: FakeBotApi) -> None:
    telegram.drop_connection["sendMessage"] = 2
    telegram.user_text(510, "hello", language="en")
    sent = await telegram.wait_for(2, 510, timeout=40)
    assert [m for m, _ in telegram.calls].count("sendMessage:dropped") == 2
    assert sent[1]["text"] == expected("utter_greet", language="en")


async def test_failure_inside_the_assistant_still_gives_112_and_a_helpline(
    running: tuple[FakeBotApi, Assistant], monkeypatch: pytest.MonkeyPatch
) -> None:
    telegram, assistant = running
    telegram.user_text(511, "/start ru_SE", language="ru")
    await telegram.wait_for(2, 511)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the model failed")

    monkeypatch.setattr(assistant.agent, "handle_message", broken)
    telegram.user_text(511, "помогите", language="ru")
    apology = (await telegram.wait_for(3, 511))[2]["text"]
    main = selection.select(directory.country("SE"), "general", "ru", 1)[0]
    number = phones.international(phones.tel_uri(main.phones[0], "SE"))
    assert apology.startswith("Извините") and "112" in apology
    assert main.organisation in apology and number in apology


async def test_phone_numbers_are_written_to_be_tapped(telegram: FakeBotApi) -> None:
    telegram.user_text(512, "/start en_SE", language="en")
    await telegram.wait_for(2, 512)
    telegram.user_text(512, "which helplines can I call?", language="en")
    answer = (await telegram.wait_for(3, 512))[2]["text"]
    assert "+46 20 39 00 00" in answer and "020-39 00 00" not in answer  # international
    assert "call 112." in answer  # a short code is dialled as written


async def test_lone_surrogates_and_control_characters_get_a_real_answer(
    telegram: FakeBotApi,
) -> None:
    """Long polling hands over Telegram's JSON as parsed: a lone surrogate ("\\ud800")
    reaches the core, which cleans it before any component, store or log sees it."""
    telegram.user_text(513, "my boss took my passport \ud800", language="en")
    sent = await telegram.wait_for(2, 513)
    assert "passport" in sent[1]["text"].lower() and "went wrong" not in sent[1]["text"]
    telegram.user_text(513, "\x00\x01", language="en")  # nothing left once cleaned
    answer = (await telegram.wait_for(3, 513))[2]["text"]
    assert "went wrong" not in answer, answer


async def test_markup_is_escaped(telegram: FakeBotApi) -> None:
    telegram.user_text(503, "<b>hi</b> & <script>x</script>", language="en")
    sent = await telegram.wait_for(2, 503)
    assert all(m["parse_mode"] == "HTML" for m in sent)
    assert all("<script>" not in m["text"] for m in sent)


async def test_forget_deletes_messages_and_confirms(telegram: FakeBotApi) -> None:
    telegram.user_text(504, "what must be in my work contract", language="ru")
    await telegram.wait_for(2, 504)
    telegram.user_text(504, "/forget", language="ru")
    sent = await telegram.wait_for(4, 504)
    assert sent[2]["text"] == expected("utter_forgotten", language="ru")
    assert sent[3]["text"] == expected("utter_forgotten_telegram", language="ru")
    deleted = {int(p["message_id"]) for p in telegram.called("deleteMessage")}
    assert len(deleted) >= 4  # the question, both answers and the /forget command


async def test_rate_limit_is_obeyed(telegram: FakeBotApi) -> None:
    telegram.rate_limit_once.add("sendMessage")
    telegram.user_text(505, "hello", language="en")
    sent = await telegram.wait_for(2, 505, timeout=40)
    assert sent and any(m == "sendMessage:429" for m, _ in telegram.calls)


async def test_no_raw_id_or_name_in_logs(telegram: FakeBotApi, caplog) -> None:
    from bot import logs

    logs.configure("DEBUG")  # the worst an operator can set
    caplog.set_level(logging.DEBUG)
    telegram.user_text(987654321, "hello canarytexttg", language="en")
    await telegram.wait_for(2, 987654321)
    await asyncio.sleep(0.2)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "answered with" in logged  # debug logging really happened
    assert "987654321" not in logged and "Canary Firstname" not in logged
    assert "canary_username" not in logged and TOKEN not in logged


async def test_python_m_bot_telegram_polls_and_answers(model: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from bot.paths import PROJECT_DIR

    api = FakeBotApi()
    base = await api.start()
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base,
        "SESSION_SECRET": TEST_SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "XDG_STATE_HOME": str(tmp_path),
        "LOG_LEVEL": "DEBUG",
    }
    log = tmp_path / "telegram.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "telegram"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        api.user_text(7345987612, "/start ar_DE", language="ru")
        sent = await api.wait_for(2, 7345987612, timeout=120)
        assert sent[1]["text"] == expected("utter_greet", language="ar", country="DE")
        api.user_text(7345987612, "I am in danger, he is beating me", language="ru")
        sent = await api.wait_for(3, 7345987612)
        assert sent[2]["text"].startswith(
            expected("utter_immediate_danger", language="ar", country="DE").split(".")[0]
        )
        # In Arabic, numbers stay left-to-right (isolated), in Telegram too.
        assert "\u2066112\u2069" in sent[2]["text"]
    finally:
        process.terminate()
        process.wait(timeout=30)
        await api.stop()
    logged = log.read_text()
    assert TOKEN not in logged and "Canary Firstname" not in logged and "7345987612" not in logged


async def test_self_check_to_the_graded_result_with_buttons(telegram: FakeBotApi) -> None:
    telegram.user_text(506, "/selfcheck", language="ru")
    sent = await telegram.wait_for(3, 506)  # notice, introduction, question 1
    assert sent[2]["text"] == expected("utter_ask_sc_documents", language="ru")
    # "No" to question 3 ("can you leave when you want?") is a strong sign on its own.
    answers = ["/deny"] * 8
    for answer in answers:
        before = texts(telegram.chat(506))[-1]
        telegram.button(506, answer, language="ru")
        await telegram.wait_until(506, lambda c, before=before: texts(c)[-1] != before)
    final = telegram.chat(506)[-1]
    assert final["text"] == expected("utter_selfcheck_strong", language="ru")
    assert len(telegram.chat(506)) == 3  # each question was replaced by the next


async def test_no_raw_telegram_id_or_name_in_redis_or_the_database(
    model: Path, tmp_path: Path
) -> None:
    import sqlite3

    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/7")
    client.flushdb()
    api = FakeBotApi()
    base = await api.start()
    db = tmp_path / "db.sqlite"
    settings = Settings(
        database_url=f"sqlite:///{db}", redis_url="redis://127.0.0.1:6379/7", session_ttl=600
    )
    assistant = await Assistant.load(
        model, settings, stats.StatsRecorder(connect(settings.database_url))
    )
    channel = TelegramChannel(assistant, Pseudonymizer(TEST_SECRET.encode()))
    app = channel.build(TOKEN, base)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        api.user_text(7345987613, "/start ru_SE", language="ru")
        await api.wait_for(2, 7345987613)
        api.user_text(7345987613, "my boss took my passport", language="ru")
        await api.wait_for(3, 7345987613)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await api.stop()
        await assistant.close()
    assistant.stats.flush()
    keys = list(client.scan_iter("*"))
    assert keys  # the conversation is in Redis
    for key in keys:
        blob = key + (client.dump(key) or b"")
        assert (
            b"7345987613" not in blob and b"Canary" not in blob and b"canary_username" not in blob
        )
        assert 0 < client.ttl(key) <= 600
    with sqlite3.connect(db) as connection:
        tables = [
            r[0] for r in connection.execute("select name from sqlite_master where type='table'")
        ]
        rows = "\n".join(repr(r) for t in tables for r in connection.execute(f"select * from {t}"))
    assert "telegram" in rows  # statistics were written for this channel
    assert "7345987613" not in rows and "Canary" not in rows
    client.flushdb()


async def test_unknown_language_is_asked_with_native_names(telegram: FakeBotApi) -> None:
    telegram.user_text(507, "hi", language="sw")  # Swahili: not supported, "hi" tells nothing
    sent = await telegram.wait_for(3, 507)
    titles = [row[0]["text"] for row in sent[-1]["reply_markup"]["inline_keyboard"]]
    assert {"English", "Русский", "العربية"} <= set(titles)
    telegram.user_text(508, "Здравствуйте, мне нужна помощь", language="sw")
    sent = await telegram.wait_for(2, 508)
    await asyncio.sleep(0.5)
    assert len(telegram.sent(508)) == 2  # written in Russian: no need to ask
    assert sent[1]["text"] == expected("utter_greet", language="ru")
