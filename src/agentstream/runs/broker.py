"""Live delivery of run events to subscribers: the broker interface and its in-process backend.

A broker keeps the recent log of each live run, so a subscriber that joins or reconnects while
the run is going receives everything after the sequence number it names, then live events,
without polling. Older or finished runs are replayed from the database by `RunStreams`.
"""

import asyncio
import bisect
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence
from enum import StrEnum
from typing import overload

from agentstream.runs.events import EventBlock, Published, RunEvent


class Signal(StrEnum):
    """A message to the worker that owns a run, whichever it is."""

    # Stop the run (its cancel intent is already stored).
    CANCEL = "cancel"
    # Its last watcher on another worker left: the owner decides whether to wait for one.
    UNWATCHED = "unwatched"


SignalHandler = Callable[[Signal, uuid.UUID], None]


class BrokerUnavailable(Exception):
    """The broker's backend cannot be reached; the message says why, without secrets."""


class Broker(ABC):
    """Transport of run events between the worker that runs them and any subscriber, and of
    signals between workers."""

    _on_signal: SignalHandler | None = None
    # Whether other workers (processes) share it: then a run this worker does not execute may
    # be alive elsewhere.
    spans_workers = False

    async def start(self, on_signal: SignalHandler) -> None:
        """Connect (a networked backend) and deliver the signals sent to this worker to
        `on_signal`."""
        self._on_signal = on_signal

    @abstractmethod
    async def open(self, run_id: uuid.UUID) -> None:
        """Declare a run that is starting in this worker, so subscribers can wait for its first
        event."""

    @abstractmethod
    def publish(self, events: Sequence[Published]) -> None:
        """Append events (or blocks of them) of one run, consecutive in sequence order, to its
        live log and wake the subscribers.

        Events are handed over in sequence order and the call never waits, so a run's
        producers need no lock between numbering and publication: a networked backend queues
        the events for its own writer, which keeps the order.
        """

    @abstractmethod
    def abandon(self, run_id: uuid.UUID) -> None:
        """A run opened here stopped without its end (another worker ended it): its
        subscribers here stop reading it, and later ones read it from wherever it ended."""

    @abstractmethod
    async def first_seq(self, run_id: uuid.UUID) -> int | None:
        """The oldest sequence number still held for a run, or None if the run is not held."""

    @abstractmethod
    def subscribe(
        self, run_id: uuid.UUID, after_seq: int, *, idle_s: float | None = None
    ) -> AsyncIterator[list[Published]]:
        """Events with seq > after_seq still held, then live ones, until the terminal event;
        for a run not yet started, its events once it starts.

        Events come in batches of everything available at once, so a subscriber that fell
        behind catches up with one write instead of one per event. After `idle_s` seconds
        without any, an empty batch comes: the cue for a transport's heartbeat.
        """

    async def signal(self, signal: Signal, run_id: uuid.UUID) -> None:
        """Deliver `signal` about a run to every worker (the owner acts on it)."""
        if self._on_signal is not None:
            self._on_signal(signal, run_id)

    async def count_remote_watcher(self, run_id: uuid.UUID, change: int) -> int:
        """Add `change` to the subscribers a run has on workers other than its owner; returns
        their number. One process has no other workers."""
        return 0

    async def ping(self) -> None:  # noqa: B027  # nothing to reach in one process
        """Raise `BrokerUnavailable` if the backend does not answer."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections and wake every subscriber."""


class _SealedEvents(Sequence[Published]):
    """A finished run's events as kept for late subscribers: rows of plain values.

    The cyclic garbage collector leaves tuples of numbers, strings and bytes alone, while it
    would scan every RunEvent on each of its passes for as long as the run is retained (at
    100 runs per second, millions of objects). Events and blocks are made again when read.
    """

    __slots__ = ("_rows", "_run_id")

    def __init__(self, events: Sequence[Published]) -> None:
        self._run_id = events[-1].run_id
        self._rows = [
            (e.first_seq, e.seq, e.event, e.durable, isinstance(e, EventBlock), e.wire())
            for e in events
        ]

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Published: ...

    @overload
    def __getitem__(self, index: slice) -> list[Published]: ...

    def __getitem__(self, index: int | slice) -> Published | list[Published]:
        if isinstance(index, slice):
            return [self._event(i) for i in range(*index.indices(len(self._rows)))]
        return self._event(range(len(self._rows))[index])

    def _event(self, position: int) -> Published:
        first_seq, seq, event, durable, block, wire = self._rows[position]
        if block:
            return EventBlock(self._run_id, first_seq, seq, event, wire)
        terminal = position == len(self._rows) - 1
        return RunEvent(self._run_id, seq, event, None, durable, terminal, wire)


class _RunLog:
    """The events of one run held in memory, with a future that resolves on the next append.

    The future is made only when a subscriber waits: a model streaming faster than its
    subscribers read appends many events per wake-up, and each would otherwise make one.
    """

    __slots__ = ("_live", "_next", "events", "finished", "opened", "readers")

    def __init__(self) -> None:
        self._live: list[Published] = []
        self.events: list[Published] | _SealedEvents = self._live
        self.finished = False
        self._next: asyncio.Future[None] | None = None
        # Whether the run started in this process (a log made for a subscriber that came
        # first is not, until it does), and how many subscribers read the log.
        self.opened = False
        self.readers = 0

    @property
    def unused(self) -> bool:
        """Whether nothing would be lost without this log: no run of this process writes to
        it, nobody reads it, and it holds nothing."""
        return not (self.opened or self.readers or self.events or self.finished)

    def extend(self, events: Sequence[Published]) -> None:
        self._live += events
        if self._next is not None:
            self.wake()
        if events[-1].terminal:
            self.finished = True
            # Subscribers reading now keep the list they hold; later ones read the sealed copy.
            self.events, self._live = _SealedEvents(self._live), []

    def end(self) -> None:
        """Mark the run ended though its terminal event is not held here (a subscriber
        resumed after it)."""
        self.finished = True
        self.wake()

    @property
    def last_seq(self) -> int:
        """The number of the last event held (0 when none)."""
        return self.events[-1].seq if self.events else 0

    def wake(self) -> None:
        if self._next is not None:
            if not self._next.done():
                self._next.set_result(None)
            self._next = None

    def wait(self) -> asyncio.Future[None]:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        return self._next


class InProcessBroker(Broker):
    """Single-worker broker: one shared list per run, so fan-out costs no copy per subscriber.

    Finished runs are kept for `retention_s` so late subscribers and reconnects within that time
    are served from memory; after it they are served from the database.
    """

    def __init__(self, retention_s: float = 60.0) -> None:
        self._logs: dict[uuid.UUID, _RunLog] = {}
        self._retention_s = retention_s
        self._closed = False

    async def open(self, run_id: uuid.UUID) -> None:
        self._logs.setdefault(run_id, _RunLog()).opened = True

    def publish(self, events: Sequence[Published]) -> None:
        run_id = events[0].run_id
        log = self._logs.get(run_id)
        if log is None:
            log = self._logs[run_id] = _RunLog()
        log.extend(events)
        if events[-1].terminal:
            asyncio.get_running_loop().call_later(self._retention_s, self._logs.pop, run_id, None)

    def abandon(self, run_id: uuid.UUID) -> None:
        log = self._logs.get(run_id)
        if log is not None and not log.finished:
            del self._logs[run_id]
            log.end()

    async def first_seq(self, run_id: uuid.UUID) -> int | None:
        log = self._logs.get(run_id)
        if log is None:
            return None
        return log.events[0].first_seq if log.events else 1

    async def subscribe(
        self, run_id: uuid.UUID, after_seq: int, *, idle_s: float | None = None
    ) -> AsyncIterator[list[Published]]:
        # A run may be committed (so a client can name it) a moment before it opens here:
        # wait for its first event rather than report an empty stream.
        log = self._logs.get(run_id)
        if log is None:
            log = self._logs[run_id] = _RunLog()
        log.readers += 1
        try:
            async for batch in self._read(log, after_seq, idle_s):
                yield batch
        finally:
            log.readers -= 1
            # Waited for a run that never came (one no task here holds, say): forget it.
            if log.unused and self._logs.get(run_id) is log:
                del self._logs[run_id]

    async def _read(
        self, log: "_RunLog", after_seq: int, idle_s: float | None
    ) -> AsyncIterator[list[Published]]:
        """What `subscribe` yields, from a log held here."""
        events = log.events
        # Sequence numbers are appended in order, so the log is sorted by seq (a block's last).
        index = bisect.bisect_right(events, after_seq, key=lambda e: e.seq)
        while True:
            if index < len(events):
                batch = events[index:]
                index = len(events)
                if batch[0].first_seq <= after_seq:
                    # Seen by the client in part (it resumes inside a block) or in whole
                    # (appended after we looked).
                    batch = [part for item in batch for part in item.after(after_seq)]
                if batch:
                    yield batch
                    if batch[-1].terminal:
                        return
            if index < len(events) and not self._closed:
                # More came while the subscriber held its batch: even the run's end, which
                # wakes nobody who is not waiting.
                continue
            if log.finished or self._closed:
                return
            # The future is shared: a subscriber that leaves or times out must not cancel it
            # for all the others (asyncio.wait leaves it alone, as a shield would).
            arrived, _ = await asyncio.wait((log.wait(),), timeout=idle_s)
            if not arrived:
                yield []

    async def close(self) -> None:
        self._closed = True
        for log in self._logs.values():
            log.wake()
