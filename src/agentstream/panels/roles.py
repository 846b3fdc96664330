"""Who holds a panel's non-voting role (moderator, devil's advocate) when the request names
nobody: chosen by how well each member's documents cover the question, at creation."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from agentstream.deliberation.position import Stance
from agentstream.deliberation.turns import ExpertProfile
from agentstream.experts.knowledge import knowledge_of
from agentstream.experts.stance import initial_leaning
from agentstream.panels.consensus import quorum_of
from agentstream.panels.domain import PanelConfiguration
from agentstream.panels.domain.options import detect_options
from agentstream.panels.strategies.spec import Role, Seat


def with_default_role(
    configuration: PanelConfiguration,
    role: Role | None,
    experts: Sequence[ExpertProfile],
    query: str,
) -> PanelConfiguration:
    """The configuration with the role's holder named when it named none.

    A role that does not vote takes the member whose documents cover the question least, so
    the members who can speak to it keep their votes: one whose documents have nothing to say
    on it (it would abstain) first; a role that argues from its documents (the devil's
    advocate) takes the least covering of the members whose documents cover it, so that it
    has something to argue from, as long as another covering member is left to vote: the
    only member who can speak to the question votes, and is challenged, rather than becoming
    the panel's only voice as a role that does not count. Either role goes last to a member
    whose documents decide the case the question states ("no more than 12 overtime hours a
    week" of 15 hours): the panel needs that vote; a moderator goes before that to a member
    whose documents take a side or hold a view on a topic the question names. Ties go to the
    strategy's default seat.
    """
    if role is None or role.votes or getattr(configuration, role.setting) is not None:
        return configuration
    # Without options of its own, the ones the question names ("De Novo or 510(k)?") tell who
    # covers it; the panel still frames the question itself before round 1.
    options = configuration.options or detect_options(query)
    coverage = [knowledge_of(expert).coverage(query, options) for expert in experts]
    leanings = [initial_leaning(knowledge_of(expert), query, options) for expert in experts]
    seats = list(range(len(experts)))
    covering = [seat for seat in seats if coverage[seat]]
    # The members left to vote must be able to reach the quorum: a devil's advocate taken
    # from two covering members of three leaves one voter, and the panel decides nothing.
    voters_needed = quorum_of(len(experts) - 1)
    if role.argues and len(covering) >= 2 and len(covering) - 1 >= voters_needed:
        seats = covering

    def claim(seat: int) -> tuple[bool, bool, bool, bool, int]:
        """How much the panel loses when the seat takes the role, least first."""
        leaning = leanings[seat]
        voices = not leaning.position.abstain
        speaks = voices and not role.argues
        # A member whose documents take a side, or hold a view on a topic the question names
        # ("contractors pay only for specialist skills" of a subcontracted night service),
        # has more to lose as moderator than one whose documents favour nothing; and as
        # devil's advocate too: the side its documents take ("I oppose submitting early to
        # gain a few weeks") is a vote the panel needs, and a member whose documents settle
        # nothing can still argue from them.
        sided = voices and (
            leaning.position.stance is not Stance.NEUTRAL or leaning.position.option is not None
        )
        viewed = speaks and leaning.topic is not None
        return leaning.decided, sided, viewed, speaks, coverage[seat]

    # Among equals, the seat the strategy would have taken: the first, or the last.
    order = seats if role.default is Seat.FIRST else seats[::-1]
    chosen = min(order, key=claim)
    holder: dict[str, Any] = {role.setting: experts[chosen].agent_id}
    return replace(configuration, **holder)
