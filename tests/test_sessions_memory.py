"""The embedded default (no Redis) keeps the same promises: expiry, erase, notices."""

from __future__ import annotations

import asyncio
import time

from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_stores import ExpiringMemoryTrackerStore
from tests.test_conversations import expected


def test_memory_store_forgets_after_the_ttl() -> None:
    async def scenario() -> tuple[bool, bool, int]:
        store = ExpiringMemoryTrackerStore(None, ttl_seconds=0.2)
        await store.save(DialogueStateTracker("someone", []))
        kept = await store.exists("someone")
        time.sleep(0.3)
        gone = not await store.exists("someone")
        return kept, gone, len(store)

    assert asyncio.run(scenario()) == (True, True, 0)


def test_activity_refreshes_the_expiry() -> None:
    async def scenario() -> bool:
        store = ExpiringMemoryTrackerStore(None, ttl_seconds=0.3)
        tracker = DialogueStateTracker("someone", [])
        for _ in range(4):
            await store.save(tracker)
            time.sleep(0.15)
        return await store.exists("someone")

    assert asyncio.run(scenario())


def test_first_answer_carries_the_short_privacy_notice(chat) -> None:
    person = chat(language="ar")
    person.say("مرحبا")
    assert person.notice == expected("utter_privacy_short", language="ar")["text"]
    assert "/forget" in person.notice


def test_notice_comes_after_the_emergency_number(chat) -> None:
    replies = chat(language="ru").say_raw("меня бьют")
    assert "112" in replies[0]["text"]
    assert replies[-1]["text"] == expected("utter_privacy_short", language="ru")["text"]


def test_forget_erases_and_confirms_in_the_conversation_language(chat) -> None:
    person = chat()
    person.say("switch to Arabic")
    person.say("I am in Sweden")
    confirmation = person.say("/forget")
    assert confirmation[0]["text"] == expected("utter_forgotten", language="ar")["text"]
    # everything is gone: no language, no country, a new first contact
    replies = person.say_raw("who can I call")
    texts = [r["text"] for r in replies]
    assert expected("utter_privacy_short", language="en")["text"] in texts
    assert expected("utter_helplines_no_country", language="en")["text"] in texts


def test_menu_offers_privacy_and_delete(chat) -> None:
    payloads = [b["payload"] for b in chat(language="en").say("menu")[0]["buttons"]]
    assert "/privacy" in payloads and "/forget" in payloads


def test_privacy_notice_in_full(chat) -> None:
    replies = chat(language="ru").say("/privacy")
    assert replies[0]["text"] == expected("utter_privacy", language="ru")["text"]
    assert "12" in replies[0]["text"]


def test_typed_delete_request_asks_first(chat) -> None:
    person = chat(language="en")
    replies = person.say("please delete this conversation")
    assert replies[0]["text"] == expected("utter_confirm_forget", language="en")["text"]
    assert replies[0]["buttons"][0]["payload"] == "/forget"
    assert person.say("/forget")[0]["text"] == expected("utter_forgotten", language="en")["text"]
