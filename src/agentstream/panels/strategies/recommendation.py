"""The panel's recommendation in code: the verdict, then the reasons the voters gave."""

from agentstream.deliberation.turns import Stance
from agentstream.experts.council import VOTE_PARAGRAPHS
from agentstream.experts.wording import quoted
from agentstream.panels.domain import Panel
from agentstream.panels.strategies.transcript import latest_stated, reason_lines


def composed(panel: Panel, voters: list[str]) -> str:
    """A recommendation composed from the voters' final positions: the verdict, then the
    reasons given (anonymous)."""
    last = len(panel.rounds)
    stated = [
        message
        for agent_id in voters
        if (message := latest_stated(panel, agent_id, last)) is not None
        and message.position is not None
        and not message.position.abstain
    ]
    lines = [verdict(panel)]
    if stated and panel.consensus is not None:
        lines += ["Reasons given:", *reason_lines(stated, panel.consensus.majority_stance)]
    return "\n".join(lines)


def with_synthesis(panel: Panel, synthesis: str) -> str:
    """The verdict, then the synthesis the chair or moderator wrote, without its paragraphs
    that state the vote and the dissent: the verdict states them once."""
    paragraphs = [
        paragraph
        for paragraph in synthesis.split("\n\n")
        if not paragraph.lstrip().startswith(VOTE_PARAGRAPHS)
    ]
    return "\n\n".join([verdict(panel), *paragraphs])


def verdict(panel: Panel) -> str:
    """What the panel decided, in code: the option or side chosen (or that there was none), the
    vote and the first round's baseline, the dissent (who, with their summary) and the
    abstentions."""
    result = panel.consensus
    if result is None:
        return "The panel recorded no positions, so it makes no recommendation."
    votes = ", ".join(f"{choice} {count}" for choice, count in result.votes.items())
    # Without the quorum or a majority there is no agreement figure to give.
    agreement = (
        f"; confidence-weighted agreement {result.level:.0%}"
        if result.has_quorum and result.majority is not None
        else ""
    )
    tally = (
        f"Votes: {votes} ({result.participants} of {result.members} members voted; "
        f"quorum {result.quorum}{agreement})."
    )
    voted = (
        f"only {result.participants} of {result.members} members voted"
        if result.participants
        else f"none of the {result.members} members voted"
    )
    if result.decision == "no_quorum" or not result.has_quorum:
        head = f"No recommendation: {voted}, short of the quorum of {result.quorum}."
    elif result.majority is None:
        head = "No consensus: the votes are split evenly, so the panel makes no recommendation."
    elif result.majority == Stance.NEUTRAL.value:
        head = (
            "No recommendation either way: the voters are neutral, their evidence does not "
            "settle the question."
        )
    elif result.decision == "consensus":
        head = f"Recommendation: {_side(result.majority, result.options)} (consensus)."
    else:
        head = (
            f"No consensus. Most votes, short of the panel's threshold, are to "
            f"{_side(result.majority, result.options)}."
        )
    lines = [head, tally]
    if result.baseline is not None:
        base = result.baseline
        first = ", ".join(f"{choice} {count}" for choice, count in base.votes.items())
        lines.append(
            f"First-round independent vote: {first} (majority: {base.majority or 'none'}, "
            f"agreement {base.level:.0%})."
        )
    if result.dissent:
        lines.append(
            "Dissent: "
            + "; ".join(
                f"{d.name} ({d.choice}, {d.confidence:.2f})" + quoted(d.summary)
                for d in result.dissent
            )
            + "."
        )
    elif result.participants:
        lines.append("Dissent: none.")
    if result.abstentions:
        lines.append(
            "Abstained: "
            + "; ".join(f"{a.name} ({a.reason.rstrip('.!?;: ')})" for a in result.abstentions)
            + "."
        )
    return "\n".join(lines)


def _side(choice: str, options: tuple[str, ...]) -> str:
    if options:
        return f'choose "{choice}"' if choice in options else "choose none of the options"
    return {
        Stance.SUPPORT.value: "support the proposal",
        Stance.OPPOSE.value: "oppose the proposal",
    }.get(choice, "neither side (neutral)")
