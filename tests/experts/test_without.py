"""Specification of what a proposal does without: a view must speak of what is left out to
weigh on leaving it out. "I recommend a 510(k)" is no view against filing "the 510(k) without
any clinical data" (cold try c18-r15, #5: the FDA expert opposed, quoting it)."""

import pytest

from agentstream.experts.polarity import statement_sign

PROPOSAL = "Can we file the 510(k) without any clinical data?"


@pytest.mark.parametrize(
    ("statement", "sign"),
    [
        # a view of what is kept says nothing of what is left out
        ("I recommend a 510(k).", 0),
        # a view for what is left out is against leaving it out
        ("I recommend clinical data for every new sensor.", -1),
    ],
)
def test_a_view_weighs_on_a_proposal_without_something_only_if_it_speaks_of_it(
    statement: str, sign: int
) -> None:
    assert statement_sign(PROPOSAL, statement) == sign


def test_other_reversals_keep_their_reading() -> None:
    assert (
        statement_sign("Should we skip the Pre-Submission?", "I recommend a Pre-Submission.") == -1
    )
