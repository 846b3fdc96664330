"""Specification of knowledge documents: front matter leanings and passage retrieval."""

from agentstream.deliberation.turns import ExpertProfile, Stance
from agentstream.experts.knowledge import (
    knowledge_body,
    knowledge_of,
    parse_topics,
    split_front_matter,
)

DOCUMENT = """---
topic: a price increase
keywords: price increase, raise prices, pricing
leaning: oppose 0.70
claim: A price increase now would cost us renewals.
---
# Pricing Notes

## Renewals

Premium renewals fell by 4 percent after the last price increase in 2024.
"""


def test_front_matter_is_split_from_the_body() -> None:
    front_matter, body = split_front_matter(DOCUMENT)
    assert front_matter[0] == "topic: a price increase"
    assert body.startswith("# Pricing Notes")
    assert knowledge_body(DOCUMENT) == body


def test_document_without_front_matter_is_all_body() -> None:
    text = "# Notes\n\n---\n\nA rule between two rules.\n"
    assert split_front_matter(text) == ([], text)


def test_unclosed_front_matter_is_body_text() -> None:
    text = "---\ntopic: x\n# Notes\n"
    assert split_front_matter(text) == ([], text)


def test_topics_are_parsed_with_stance_confidence_keywords_and_claim() -> None:
    (topic,) = parse_topics(split_front_matter(DOCUMENT)[0])
    assert topic.name == "a price increase"
    assert topic.stance is Stance.OPPOSE and topic.confidence == 0.7
    assert topic.keywords == (("price", "increase"), ("raise", "price"), ("pricing",))
    assert topic.claim == "A price increase now would cost us renewals."


def test_malformed_topics_are_ignored_not_fatal() -> None:
    lines = [
        "topic: no leaning",
        "keywords: a thing",
        "topic: bad leaning",
        "keywords: other thing",
        "leaning: maybe 0.9",
        "topic: out of range",
        "keywords: third thing",
        "leaning: support 1.5",
        "not a key value line",
        "topic: fine",
        "keywords: fine thing",
        "leaning: SUPPORT 0.6",
        "colour: blue",
    ]
    assert [topic.name for topic in parse_topics(lines)] == ["fine"]


def test_best_topic_is_the_most_specifically_named() -> None:
    expert = ExpertProfile("pricing_expert", "Pricing", "Pricing Lead", "", knowledge=(DOCUMENT,))
    knowledge = knowledge_of(expert)
    topic = knowledge.best_topic("Should we raise prices for premium customers?")
    assert topic is not None and topic.name == "a price increase"
    assert knowledge.best_topic("Should we hire more technicians?") is None


def test_statements_come_from_the_body_never_the_front_matter() -> None:
    expert = ExpertProfile("pricing_expert", "Pricing", "Pricing Lead", "", knowledge=(DOCUMENT,))
    knowledge = knowledge_of(expert)
    question = "Should we follow the price increase despite renewals?"
    found = knowledge.evidence(question, knowledge.relevant(question))
    assert found == [
        (
            "pricing_expert/1#1",
            "Premium renewals fell by 4 percent after the last price increase in 2024.",
        )
    ]
    assert knowledge.titles == ("Pricing Notes",)


def test_other_forms_of_a_documents_word_are_known_but_words_sharing_a_prefix_are_not() -> None:
    document = "# Rota\n\n## Planning\n\nOvertime is paid at 1.5 times if we schedule it.\n"
    expert = ExpertProfile("rota_expert", "Rota", "Planner", "", knowledge=(document,))
    knowledge = knowledge_of(expert)
    # "scheduled" is a form of "schedule"; "overtake" only begins as "overtime" does.
    assert knowledge.unknown_words("Is scheduled overtime paid when vans overtake?") == [
        "van",
        "overtake",
    ]
