"""Specification: an expert whose option a rule for the question's own case decides answers
the moderator from that rule, never from a passage whose case the question does not state
(cold try c18-r10, panel 3: a Special 510(k), "a change to our own cleared device", offered
for a third party's predicate)."""

import pytest

from agentstream.deliberation.turns import Contribution, ExpertProfile, TurnKind, TurnRequest
from agentstream.experts.answers import BASIS, CHANGE, OBJECTION
from agentstream.experts.offline import compose_turn

PATCH = (
    "Our wearable ECG patch has the same intended use as a patch cleared in 2019, but it uses a "
    "new dry-electrode material. Should we file a 510(k) or a De Novo request?"
)
OPTIONS = ("510(k)", "De Novo")


def _answer(experts: dict[str, ExpertProfile], probe: str) -> str:
    fda = experts["fda_expert"]
    first = compose_turn(
        fda, PATCH, TurnRequest("fda_expert", TurnKind.POSITION, 1, "", (), OPTIONS)
    )
    asked = Contribution(
        "Reimbursement Expert",
        f'{fda.name}, you choose "510(k)", saying "If a predicate with the same intended use '
        f'exists, I recommend a 510(k)". {probe}',
        None,
        TurnKind.QUESTION,
    )
    own = Contribution(fda.name, first.text, first.position)
    request = TurnRequest("fda_expert", TurnKind.ANSWER, 2, "", (own, asked), OPTIONS)
    return compose_turn(fda, PATCH, request).text


@pytest.mark.parametrize("probe", [OBJECTION, BASIS, CHANGE])
def test_a_probe_is_not_answered_from_a_passage_whose_case_is_not_stated(
    experts: dict[str, ExpertProfile], probe: str
) -> None:
    assert "Special 510(k)" not in _answer(experts, probe)


def test_the_strongest_objection_is_answered_by_the_rule_for_the_stated_case(
    experts: dict[str, ExpertProfile],
) -> None:
    text = _answer(experts, OBJECTION)
    answer = text.split("My answer, from my documents:")[1]
    assert "If a predicate with the same intended use exists, I recommend a 510(k)" in answer


def test_a_rule_for_another_option_is_what_would_change_the_choice(
    experts: dict[str, ExpertProfile],
) -> None:
    text = _answer(experts, CHANGE)
    assert "more weight for what my documents already concede: If the device is novel" in text


def test_what_a_claim_also_rests_on_is_no_rule_for_a_case_not_stated(
    experts: dict[str, ExpertProfile],
) -> None:
    text = _answer(experts, BASIS)
    assert "When no predicate exists" not in text.split("They also say:")[1]
