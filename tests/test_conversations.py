"""Whole conversations over HTTP in English, Russian and Arabic.

Expected answers are rendered from the domain and catalogs (not copied here), so the tests
check that the right topic came back in the right language.
"""

from __future__ import annotations

import pytest
import yaml
from rasa.shared.core.domain import Domain

from bot.answers import AnswerRenderer
from bot.paths import DIALOGUES_DIR, HELPLINES_DIR

RENDERER = AnswerRenderer(Domain.load(str(DIALOGUES_DIR)).responses)

TOPICS = {
    "en": {
        "do I need a written contract": "utter_contract",
        "what is the minimum wage here": "utter_wages",
        "I work 14 hours a day, is that legal": "utter_hours",
        "my employer took my passport": "utter_documents",
        "I paid the agency a fee for this job": "utter_recruitment_fees",
        "my boss has not paid me for two months": "utter_unpaid_wages",
        "I got injured at work": "utter_safety",
        "we live in the employer's house and rent is taken from pay": "utter_housing",
        "can I quit my job": "utter_leaving_job",
        "how do I join a trade union": "utter_unions",
        "how do I check a job offer": "utter_job_offer",
        "what should I do before I travel": "utter_before_travel",
        "I saw a job ad on facebook, is it a scam": "utter_online_scams",
        "what should i do so my phone is safe": "utter_phone_safety",
        "what are the signs of trafficking": "utter_trafficking_signs",
        "what rights do trafficking victims have": "utter_victim_rights",
        "labour rights": "utter_menu_labour",
        "safe migration": "utter_menu_migration",
        "menu": "utter_menu",
        "thank you": "utter_thank",
    },
    "ru": {
        "нужен ли письменный договор": "utter_contract",
        "какая здесь минимальная зарплата": "utter_wages",
        "работаю по 14 часов в день, это законно": "utter_hours",
        "работодатель забрал мой паспорт": "utter_documents",
        "я заплатил агентству за эту работу": "utter_recruitment_fees",
        "начальник не платит мне два месяца": "utter_unpaid_wages",
        "я получил травму на работе": "utter_safety",
        "живем в доме работодателя, за жилье вычитают": "utter_housing",
        "могу ли я уволиться": "utter_leaving_job",
        "как вступить в профсоюз": "utter_unions",
        "как проверить предложение о работе": "utter_job_offer",
        "что сделать перед поездкой": "utter_before_travel",
        "увидел вакансию в фейсбуке, это развод?": "utter_online_scams",
        "начальник проверяет мой телефон": "utter_phone_safety",
        "какие признаки торговли людьми": "utter_trafficking_signs",
        "какие права у жертв торговли людьми": "utter_victim_rights",
        "трудовые права": "utter_menu_labour",
        "безопасная миграция": "utter_menu_migration",
        "меню": "utter_menu",
        "спасибо": "utter_thank",
    },
    "ar": {
        "هل أحتاج عقد عمل مكتوب": "utter_contract",
        "ما هو الحد الأدنى للأجور هنا": "utter_wages",
        "أشتغل 14 ساعة باليوم، هل هذا قانوني": "utter_hours",
        "صاحب العمل أخذ جواز سفري": "utter_documents",
        "دفعت للمكتب رسوم من أجل هذا العمل": "utter_recruitment_fees",
        "المدير لم يدفع لي منذ شهرين": "utter_unpaid_wages",
        "تعرضت لإصابة في العمل": "utter_safety",
        "نسكن في بيت صاحب العمل ويخصمون الإيجار": "utter_housing",
        "هل يمكنني ترك عملي": "utter_leaving_job",
        "كيف أنضم إلى نقابة": "utter_unions",
        "كيف أتحقق من عرض عمل": "utter_job_offer",
        "ماذا أفعل قبل السفر": "utter_before_travel",
        "شفت إعلان شغل على فيسبوك، هل هو نصب": "utter_online_scams",
        "المدير يفتش تلفوني": "utter_phone_safety",
        "ما هي علامات الاتجار بالبشر": "utter_trafficking_signs",
        "ما هي حقوق ضحايا الاتجار": "utter_victim_rights",
        "حقوق العمال": "utter_menu_labour",
        "الهجرة الآمنة": "utter_menu_migration",
        "القائمة": "utter_menu",
        "شكرا": "utter_thank",
    },
}


def expected(response: str, **slots: str) -> dict:
    rendered = RENDERER.render(response, slots)
    assert rendered is not None
    return rendered


def first_sentence(text: str) -> str:
    return text.split(". ")[0].split("\n")[0]


@pytest.mark.parametrize(
    ("language", "message", "response"),
    [(lang, msg, resp) for lang, table in TOPICS.items() for msg, resp in table.items()],
)
def test_topics_answered_in_the_persons_language(chat, language, message, response) -> None:
    replies = chat(language=language).say(message)
    want = expected(response, language=language)
    assert first_sentence(want["text"]) in replies[0]["text"]
    assert [b["title"] for b in replies[0]["buttons"]] == [b["title"] for b in want["buttons"]]


# Said outright (in Germany) and, as people mostly write, only by its signs (in Sweden).
@pytest.mark.parametrize(
    ("language", "country", "message"),
    [
        ("en", "DE", "I am in danger, he is beating me"),
        ("en", "DE", "help they locked me in the room"),
        ("ru", "DE", "меня бьют, помогите"),
        ("ru", "DE", "меня заперли и угрожают"),
        ("ar", "DE", "أنا في خطر، يضربونني"),
        ("ar", "DE", "حبسوني في الغرفة"),
        ("en", "SE", "they took our phones and we cant leave the farm"),
        ("en", "SE", "im hiding in the bathroom"),
        ("en", "SE", "if i run they will hurt my mother"),
        ("ru", "SE", "забрали телефоны и не выпускают с фермы"),
        ("ru", "SE", "прячусь в туалете"),
        ("ru", "SE", "если убегу, сделают плохо маме"),
        ("ar", "SE", "اخذوا تلفوناتنا وما بخلونا نطلع من المزرعة"),
        ("ar", "SE", "أنا مختبئة في الحمام"),
        ("ar", "SE", "إذا هربت رح يأذوا أمي"),
    ],
)
def test_danger_gets_the_emergency_number_first(chat, language, country, message) -> None:
    replies = chat(language=language, country=country).say(message)
    want = expected("utter_immediate_danger", language=language, country=country)
    assert replies[0]["text"].startswith(first_sentence(want["text"]))
    assert "112" in first_sentence(replies[0]["text"])


def test_danger_wins_even_inside_another_topic_and_without_a_hint(chat) -> None:
    person = chat()
    text = person.text("my boss keeps my passport and threatened to kill me")
    assert text.startswith(first_sentence(expected("utter_immediate_danger")["text"]))


def test_danger_interrupts_the_self_check(chat) -> None:
    person = chat(language="en")
    person.say("start the self-check")
    person.say("yes")
    replies = person.say("they are beating me now")
    assert "112" in first_sentence(replies[0]["text"])
    # the check is over: a "yes" now gets the menu, not question 3
    assert person.say("yes")[0]["text"] == expected("utter_menu", language="en")["text"]


def test_language_from_hint_beats_detection(chat) -> None:
    person = chat(language="ru")
    reply = person.say("my employer took my passport")[0]["text"]
    assert reply == expected("utter_documents", language="ru")["text"]


def test_detected_language_without_hint(chat) -> None:
    person = chat()
    assert person.say("Здравствуйте")[0]["text"] == expected("utter_greet", language="ru")["text"]
    # a short Latin-script "ok" does not switch the conversation to English
    assert person.say("ок")[0]["text"] == expected("utter_menu", language="ru")["text"]
    assert person.say("ok")[0]["text"] == expected("utter_menu", language="ru")["text"]


def test_explicit_choice_sticks(chat) -> None:
    person = chat(language="en")
    assert (
        person.say("switch to Arabic")[0]["text"]
        == expected("utter_language_set", language="ar")["text"]
    )
    reply = person.say("работодатель забрал мой паспорт")[0]["text"]
    assert reply == expected("utter_documents", language="ar")["text"]


def test_language_buttons_are_named_in_their_own_language(chat) -> None:
    replies = chat(language="en").say("change language")
    titles = [b["title"] for b in replies[0]["buttons"]]
    assert {"English", "Русский", "العربية"} <= set(titles)
    payload = next(b["payload"] for b in replies[0]["buttons"] if b["title"] == "العربية")
    person = chat(language="en")
    assert person.say(payload)[0]["text"] == expected("utter_language_set", language="ar")["text"]


def organisations(country: str) -> list[str]:
    """Every organisation with a line in the country's file."""
    data = yaml.safe_load((HELPLINES_DIR / f"{country}.yml").read_text(encoding="utf-8"))
    return [line["organisation"] for line in data["helplines"]]


@pytest.mark.parametrize(
    ("language", "message", "country"),
    [
        ("en", "I am in Sweden", "SE"),
        ("ru", "Я в Финляндии", "FI"),
        ("ar", "أنا في ألمانيا", "DE"),
        ("en", "I work in the Netherlands", "NL"),
        ("ru", "я живу в Польше", "PL"),
        ("ar", "أنا في ليتوانيا", "LT"),
    ],
)
def test_country_named_in_any_language_gives_its_helplines(
    chat, language, message, country
) -> None:
    # Which lines come first depends on the hour (open lines rank first), so the test asks
    # for lines of the country, not for one of them.
    person = chat(language=language)
    first = person.text(message)
    assert any(name in first for name in organisations(country)), first
    helplines = person.say({"en": "helpline", "ru": "горячая линия", "ar": "خط المساعدة"}[language])
    assert (
        helplines[0]["text"]
        == expected("utter_helplines", language=language, country=country)["text"]
    )
    assert any(name in helplines[0]["text"] for name in organisations(country))


def test_helpline_question_naming_a_country(chat) -> None:
    text = chat(language="en").text("Who can I call in Finland?")
    assert "+358 29 5463177" in text and "Migri" in text


def test_no_country_gives_eu_numbers_and_country_buttons(chat) -> None:
    replies = chat(language="en").say("who can I call")
    assert replies[0]["text"] == expected("utter_helplines_no_country", language="en")["text"]
    assert "116 006" in replies[0]["text"]
    titles = [b["title"] for b in replies[0]["buttons"]]
    assert {"Sweden", "Finland", "Germany", "Poland", "Lithuania", "Netherlands"} <= set(titles)


def test_country_without_data_gets_eu_numbers_and_an_honest_sentence(chat) -> None:
    person = chat(language="ru")
    text = person.text("я в Венгрии")
    assert "Венгрия" in text and "112" in text
    assert "116 006" in text


def test_fallback_offers_menu_and_a_helpline(chat) -> None:
    replies = chat(language="en", country="SE").say("asdkjh qwezxc")
    want = expected("utter_fallback", language="en", country="SE")
    assert replies[0]["text"] == want["text"]
    # the main menu, then Sources (the helpline shown has one)
    assert len(replies[0]["buttons"]) == 11 and replies[0]["buttons"][-1]["title"] == "Sources"


@pytest.mark.parametrize(
    ("answers", "result"),
    [
        # Question 3 asks "can you leave when you want?": there "yes" is the safe answer.
        (["no", "no", "yes"] + ["no"] * 5, "utter_selfcheck_none"),
        (["yes", "no", "yes"] + ["no"] * 5, "utter_selfcheck_some"),
        (["no"] * 8, "utter_selfcheck_strong"),
        (["yes", "yes", "yes", "no", "yes", "no", "no", "no"], "utter_selfcheck_strong"),
    ],
)
def test_self_check_grades_answers(chat, answers, result) -> None:
    person = chat(language="en", country="FI")
    person.say("start the self-check")
    for answer in answers[:-1]:
        person.say(answer)
    final = person.say(answers[-1])[0]
    assert final["text"] == expected(result, language="en", country="FI")["text"]


@pytest.mark.parametrize(
    ("language", "start", "yes", "no", "stop"),
    [
        ("ru", "самопроверка", "да", "нет", "стоп"),
        ("ar", "فحص ذاتي", "نعم", "لا", "توقف"),
    ],
)
def test_self_check_in_other_languages_and_stop(chat, language, start, yes, no, stop) -> None:
    person = chat(language=language)
    replies = person.say(start)
    assert replies[-1]["text"] == expected("utter_ask_sc_documents", language=language)["text"]
    assert person.say(yes)[0]["text"] == expected("utter_ask_sc_debt", language=language)["text"]
    assert (
        person.say(no)[0]["text"]
        == expected("utter_ask_sc_free_to_leave", language=language)["text"]
    )
    assert (
        person.say(stop)[0]["text"]
        == expected("utter_selfcheck_stopped", language=language)["text"]
    )


def test_self_check_again_starts_from_scratch(chat) -> None:
    person = chat(language="en")
    person.say("start the self-check")
    for _ in range(8):
        person.say("yes")
    replies = person.say('/start_selfcheck{"selfcheck_reset":null}')
    assert replies[-1]["text"] == expected("utter_ask_sc_documents", language="en")["text"]
    for answer in ["no", "no", "yes", "no", "no", "no", "no"]:
        person.say(answer)
    assert person.say("no")[0]["text"] == expected("utter_selfcheck_none", language="en")["text"]


def test_question_during_self_check_is_answered_and_the_check_goes_on(chat) -> None:
    person = chat(language="en")
    person.say("start the self-check")
    replies = person.say("what is the minimum wage")
    assert replies[0]["text"] == expected("utter_wages", language="en")["text"]
    assert replies[-1]["text"] == expected("utter_ask_sc_documents", language="en")["text"]


def test_danger_in_the_uk_gives_999(chat) -> None:
    replies = chat(language="ru").say("I'm in the UK and they beat me")
    assert "999" in first_sentence(replies[0]["text"])


@pytest.mark.parametrize(
    ("language", "message", "figure"),
    [
        ("en", "what is the minimum wage in Germany?", "13.90 euros"),
        ("ru", "какая минимальная зарплата в Германии?", "13,90 евро"),
        ("ar", "كم الحد الأدنى للأجور في ألمانيا؟", "13.90 يورو"),
    ],
)
def test_minimum_wage_with_its_figure_date_and_source(chat, language, message, figure) -> None:
    replies = chat(language=language).say(message)
    want = expected("utter_wages", language=language, country="DE")
    assert replies[0]["text"] == want["text"]
    shown = replies[0]["text"].replace("\u2066", "").replace("\u2069", "")  # Arabic isolates
    assert figure in shown and "gesetze.legal" in shown
    assert "2026" in replies[0]["text"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "is there a minimum wage in Sweden?"),
        ("ru", "есть ли в Швеции минимальная зарплата?"),
        ("ar", "هل يوجد حد أدنى للأجور في السويد؟"),
    ],
)
def test_no_statutory_minimum_wage_is_said_so_with_its_source(chat, language, message) -> None:
    replies = chat(language=language).say(message)
    assert replies[0]["text"] == expected("utter_wages", language=language, country="SE")["text"]
    assert "av.se" in replies[0]["text"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "how long do I have to claim unpaid wages in Poland?"),
        ("ru", "сколько у меня времени, чтобы потребовать невыплаченную зарплату в Польше?"),
        ("ar", "كم عندي وقت للمطالبة بالأجور غير المدفوعة في بولندا؟"),
    ],
)
def test_claim_deadline_of_the_country(chat, language, message) -> None:
    replies = chat(language=language).say(message)
    want = expected("utter_claim_deadline", language=language, country="PL")
    assert replies[0]["text"] == want["text"]
    assert "pro.rp.pl" in replies[0]["text"] and "291" in replies[0]["text"]


def test_sources_of_the_last_answer(chat) -> None:
    person = chat(language="en", country="DE")
    answer = person.say("what is the minimum wage")[0]
    assert {"title": "Sources", "payload": "/ask_sources"} in answer["buttons"]
    listed = person.text("/ask_sources")
    assert "https://gesetze.legal/bund/milov5/1" in listed and "Nov 23, 2026" in listed
    # typed as a command, and after an answer resting on a law
    person.say("what are the rights of victims of trafficking")
    listed = person.text("/sources")
    assert "Directive 2011/36/EU" in listed and "eur-lex.europa.eu" in listed


def test_in_danger_a_man_is_not_given_only_a_womens_line(chat) -> None:
    text = chat(language="en", country="DE").say("they locked me in and took my passport")[0]
    assert "WEISSER RING" in text["text"] and "Hilfetelefon" not in text["text"]
    woman = chat(language="en", country="DE").say("i am a woman, they locked me in")[0]
    assert "Hilfetelefon" in woman["text"]


def test_danger_answer_then_the_question_asked_beside_it(chat) -> None:
    replies = chat(language="en", country="SE").say(
        "they locked me in, what are my rights as a victim"
    )
    assert replies[0]["text"].startswith("If you are in danger now, call 112.")
    assert replies[1]["text"] == expected("utter_victim_rights", language="en")["text"]


def test_danger_without_a_country_asks_for_it_after_the_emergency_number(chat) -> None:
    replies = chat(language="en").say("they beat me and locked the door")
    assert replies[0]["text"].startswith("If you are in danger now, call 112.")
    assert replies[1]["text"] == expected("utter_danger_followup_no_country")["text"]
    assert {"Sweden", "Germany"} <= {b["title"] for b in replies[1]["buttons"]}


def test_silent_call_advice_for_999(chat) -> None:
    first = chat(language="en", country="GB").say("please help i am hiding from him")[0]["text"]
    assert first.startswith("If you are in danger now, call 999.") and "press 55" in first
