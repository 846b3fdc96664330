"""Specification of everyday idioms read as policies write them: "my dad passed away" asks
about bereavement, and its "away" is no absence (cold try c16-r32, S3: the SLA's "any time of
day or night" and a passage on being away answered it)."""

import pytest

from agentstream.agents.clauses import in_policy_words, topic_of


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("my dad passed away", "my parent bereavement"),
        ("my gran died on monday", "my relative bereavement on monday"),
        # kin as the leave policy names them (cold try c16-r36)
        ("my wife's grandma died", "my partner's relative bereavement"),
        ("my brother-in-law passed away", "my relative bereavement"),
        # a ride is a passenger, booking leave is requesting it
        ("can i give my kid a ride in the van", "can i take a passenger in the van"),
        ("book 2 weeks of vacation", "request 2 weeks of vacation"),
        ("how much time off can I get", "how much time off leave can I get"),
        ("two days off", "two days off leave"),
        ("I will be away for 3 weeks", "I will be away for 3 weeks"),
        ("8 hours on christmas day", "8 hours on christmas day public holiday"),
    ],
)
def test_an_idiom_is_said_as_policies_say_it(text: str, read: str) -> None:
    assert in_policy_words(text) == read


def test_the_topic_of_a_question_holds_the_policy_word() -> None:
    assert "bereavement" in topic_of("my dad passed away, how much time off can I get?").split()
    assert "away" not in topic_of("my dad passed away").split()
