"""The units of a run's event log (events, and blocks of live ones), and their SSE wire form."""

import json
import uuid
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

# One encoder for every frame: json.dumps with options builds a new one per call (+60% time).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def encode_payload(data: dict[str, Any]) -> str:
    """`data` as JSON, byte for byte what `_ENCODER` writes.

    Token frames are flat objects of strings: quoting each string with the encoder's own
    escaping is four times faster than the encoder, which sets up its state on every call.
    """
    members = []
    for key, value in data.items():
        if type(value) is not str or type(key) is not str:
            return _ENCODER.encode(data)
        members.append(f"{encode_basestring(key)}: {encode_basestring(value)}")
    return "{" + ", ".join(members) + "}"


def sse_frames(first_seq: int, event: str | None, payloads: Sequence[str]) -> bytes:
    """The SSE frames of the events numbered from `first_seq` whose data are the JSON
    `payloads`, joined.

    A lone surrogate (a model's broken UTF-16, say) has no UTF-8 form: it can only stand in a
    JSON string, and is written as the JSON escape `\\udxxx` that parsers read back as it was.
    """
    line = "" if event is None else f"event: {event}\n"
    frames = [
        f"id: {seq}\n{line}data: {payload}\n\n" for seq, payload in enumerate(payloads, first_seq)
    ]
    return "".join(frames).encode("utf-8", "backslashreplace")


def sse_frame(seq: int, event: str | None, payload: str) -> bytes:
    """The SSE frame of event number `seq` whose data is the JSON `payload`."""
    return sse_frames(seq, event, [payload])


class RunEvent:
    """One numbered event of a run.

    `event` is the SSE event name (None for unnamed frames, as the chat protocol uses).
    `durable` events are facts stored before they are published; the others (token deltas,
    thoughts) are live-only. `terminal` marks the last event a run will ever publish.

    An event is made from its data or from its wire form (`wire`), and derives the other on
    first use: subscribers read only the wire form, so an event made from it (split from a
    block, or replayed) has its data decoded only if someone reads it, and one made from its
    data is encoded once for all subscribers.
    """

    __slots__ = ("_data", "_wire", "durable", "event", "run_id", "seq", "terminal")

    def __init__(
        self,
        run_id: uuid.UUID,
        seq: int,
        event: str | None,
        data: dict[str, Any] | None = None,
        durable: bool = False,
        terminal: bool = False,
        wire: bytes | None = None,
    ) -> None:
        self.run_id = run_id
        self.seq = seq
        self.event = event
        self._data = data
        self.durable = durable
        self.terminal = terminal
        self._wire = wire

    @property
    def data(self) -> dict[str, Any]:
        """The event's payload."""
        if self._data is None:
            assert self._wire is not None, "an event is made from its data or its wire form"
            wire = self._wire
            self._data = json.loads(wire[wire.index(b"data: ") + len(b"data: ") : -len(b"\n\n")])
        return self._data

    def wire(self) -> bytes:
        """The SSE frame, encoded once and shared by every subscriber."""
        if self._wire is None:
            self._wire = sse_frame(self.seq, self.event, encode_payload(self.data))
        return self._wire

    @property
    def first_seq(self) -> int:
        """The number of the first event this item holds: its own (see `EventBlock`)."""
        return self.seq

    def events(self) -> list["RunEvent"]:
        """The events this item holds: itself (see `EventBlock`)."""
        return [self]

    def after(self, seq: int) -> Sequence["Published"]:
        """The events this item holds numbered above `seq`."""
        return [self] if self.seq > seq else []

    def _key(self) -> tuple[Any, ...]:
        return (self.run_id, self.seq, self.event, self.data, self.durable, self.terminal)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunEvent) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # compared by value, so not hashable

    def __repr__(self) -> str:
        return (
            f"RunEvent(run_id={self.run_id!r}, seq={self.seq}, event={self.event!r}, "
            f"data={self.data!r}, durable={self.durable}, terminal={self.terminal})"
        )


class EventBlock:
    """Consecutive live-only events of a run, published at once (a batch of a model's tokens),
    held as their frames joined.

    Subscribers send the joined frames as they are: a block costs one string per event and
    one encoding, where events would cost an object and an encoding each. It is split into
    events only for a reader of single events, or a client resuming inside it.
    """

    __slots__ = ("_wire", "event", "first_seq", "run_id", "seq")
    durable = False
    terminal = False

    def __init__(
        self, run_id: uuid.UUID, first_seq: int, seq: int, event: str | None, wire: bytes
    ) -> None:
        self.run_id = run_id
        self.first_seq = first_seq
        self.seq = seq
        self.event = event
        self._wire = wire

    def wire(self) -> bytes:
        """The SSE frames of the events, in order."""
        return self._wire

    def events(self) -> list[RunEvent]:
        """The events, each with its own frame (a JSON payload holds no blank line, so frames
        end at the first one)."""
        frames = self._wire.split(b"\n\n")[:-1]
        return [
            RunEvent(self.run_id, seq, self.event, None, wire=frame + b"\n\n")
            for seq, frame in enumerate(frames, self.first_seq)
        ]

    def after(self, seq: int) -> Sequence["Published"]:
        """The events numbered above `seq`: the whole block, or those of its events."""
        if self.first_seq > seq:
            return [self]
        return [event for event in self.events() if event.seq > seq]

    def __repr__(self) -> str:
        return f"EventBlock(run_id={self.run_id!r}, seqs={self.first_seq}..{self.seq})"


# What a run's log holds and subscribers receive: single events, and blocks of live ones.
Published = RunEvent | EventBlock
