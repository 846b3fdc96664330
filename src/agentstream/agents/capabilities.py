"""What a tenant's assistant can answer from, said when a question is out of its reach."""

from agentstream.agents.sql.catalog import CAPABILITIES as DATA_CAPABILITIES


def describe_capabilities(*, has_data: bool, titles: list[str]) -> str:
    """The tenant's own sources: the field-service data if it has a database, its documents."""
    parts = [DATA_CAPABILITIES] if has_data else []
    if titles:
        lead = "I can also answer" if has_data else "I can answer"
        listed = ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else titles[0]
        parts.append(f"{lead} from these documents: {listed}.")
    if not parts:
        return "No business database or documents are connected for you yet."
    return " ".join(parts)
