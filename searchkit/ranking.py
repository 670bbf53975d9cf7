"""How hits are scored: the BM25 model and pseudo-relevance feedback (issue 5).

A plain word is scored once over title and body together, with Robertson's BM25F: its
frequency in each field, length-normalised and weighted, is summed before BM25 saturates it.
Whoosh's own BM25F scores each field on its own and adds the scores, so a word in the headline
and the story counted twice, each with a full idf, and short headline matches crowded out the
stories that are about the query. Other terms (``title:word``, the words of a phrase) are scored
by Whoosh's per-field BM25F with the same constants.

Every constant here was calibrated on the **dev** queries of the judged collections in
``../shared/eval/ir`` (TIME, AP88, Cranfield) with ``benchmarks/ranking.py``; test queries were
only used to report. The figures in the comments are dev nDCG@10.

Tried on dev and not kept (without them: TIME 0.739, AP88 0.534, Cranfield 0.377):

- Term proximity added to the first 30 to 1,000 documents' scores, as Büttcher et al.
  (2006) do it (each pair of neighbouring query words in the body adds the other's idf over
  their distance squared, saturated as BM25 is, K1 1.2, B 0.5), at weight 0.3 / 1 / 3: TIME
  0.734 / 0.724 / 0.693, AP88 0.538 / 0.544 / 0.553, Cranfield 0.382 / 0.384 / 0.372.
- Pairs of words next to each other in the query found near each other in the body (as the
  sequential dependence model's ordered and unordered windows), scored with BM25 and the
  larger idf of the two, first 100 documents: ordered, adjacent, weight 0.2 / 0.5: TIME 0.743
  / 0.731, AP88 0.538 / 0.533, Cranfield 0.378 / 0.376; any order within 8 words: TIME 0.742 /
  0.746, AP88 0.543 / 0.532, Cranfield 0.377 / 0.380. Within the noise of 25 to 113 queries.
- Words found in more than 5 / 10 / 20 % of the documents left out of the all-words tier, as
  Lucene's common-terms query does: TIME 0.685 / 0.723 / 0.735, AP88 0.500 / 0.513 / 0.540,
  Cranfield 0.359 / 0.373 / 0.376.
- More stop words taken out of the query (the index keeps Whoosh's): Lucene's 33, which bm25s
  uses: TIME 0.739, AP88 0.534, Cranfield 0.376; about 150 English function words: TIME 0.736,
  AP88 0.525, Cranfield 0.378.
- The plain and the feedback ranking fused (reciprocal rank, k 60): TIME 0.737, AP88 0.557,
  Cranfield 0.401, below feedback alone (0.744, 0.562, 0.407).
- The feedback words weighted as Terrier weighs them, DFR's Bo1 / the KL divergence from the
  collection (words in at least 2 of the 10 documents), in place of RM3's likelihood: TIME
  0.682 / 0.676, AP88 0.544 / 0.554, Cranfield 0.396 / 0.398, against RM3's 0.750, 0.568, 0.407
  at the same commit (re-ranked after, ``searchkit.rerank``: 0.749 / 0.754, 0.587 / 0.592,
  0.430 / 0.432, against 0.783, 0.593, 0.434).
- Snowball's English stemmer (Porter2, as bm25s uses) in place of Whoosh's Porter: TIME 0.743
  (+rm3 0.744), AP88 0.507 (+rm3 0.541), Cranfield 0.386 (+rm3 0.411), against Porter's 0.745
  (0.750), 0.532 (0.568), 0.378 (0.407) at the same commit.
- The lead (news puts the subject first): each query word's count in the body's first 30
  words, saturated (K1 1.2) and weighted by its idf, added to the first 200 scores at 0.3 / 1 /
  2: TIME 0.733 / 0.743 / 0.715, AP88 0.533 (at 1) / 0.532 (at 2), Cranfield 0.380 / 0.380 /
  0.372; the first 15 or 60 words at 2: TIME 0.722 / 0.685, Cranfield 0.390 / 0.362.
"""

from __future__ import annotations

from collections.abc import Iterable
from math import log
from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh import scoring

#: Bonus score for documents that contain every word of a plain query, and for those that contain
#: them as a phrase (see ``searchkit.query``). Larger than any BM25F score seen on AP88 (max ~60)
#: so the tiers never mix. Dev nDCG@10 with BM25F over title and body, with / without the
#: tiers: AP88 0.520 / 0.508, TIME 0.742 / 0.747, Cranfield 0.380 / 0.378 (mean 0.547 / 0.544).
ALL_WORDS_BONUS = 1000.0
PHRASE_BONUS = 500.0
#: Bonus score for a document holding a fuzzy word as typed (``hostage~``): a tier of its own,
#: as the phrase's, so that a rarer word an edit away ("postage") never outranks it.
TYPED_WORD_BONUS = PHRASE_BONUS

#: BM25 term-frequency saturation, one value for every field. Calibrated on dev nDCG@10 with
#: title B 0.3 (K1 1.2 / 1.6 / 2.0): TIME 0.723 / 0.735 / 0.742, AP88 0.497 / 0.496 / 0.501,
#: Cranfield 0.387 / 0.379 / 0.384. Long news stories repeat their subject: a higher K1 keeps
#: rewarding the repetition. Checked again with BM25F over title and body (K1 1.2 / 1.6 / 2.0 /
#: 2.5 / 3.0): TIME 0.723 / 0.735 / 0.742 / 0.743 / 0.739, AP88 0.503 / 0.514 / 0.520 / 0.520 /
#: 0.521, Cranfield 0.364 / 0.376 / 0.380 / 0.377 / 0.378.
K1 = 2.0
#: Length normalisation of the body. Dev nDCG@10 at K1 1.2, body B 0.4 / 0.6 / 0.75: TIME
#: 0.708 / 0.727 / 0.723, Cranfield 0.385 / 0.386 / 0.387, AP88 0.509 / 0.496 / 0.497; 0.75 is
#: the best mean over the three collections. With BM25F over title and body (K1 2.0), B 0.6 /
#: 0.75 / 0.9: TIME 0.725 / 0.742 / 0.740, AP88 0.532 / 0.520 / 0.511, Cranfield 0.380 / 0.380 /
#: 0.374; 0.75 is still the best mean.
B = 0.75
#: Length normalisation of the title: headlines are all about as long, so their length says
#: little. With BM25F over both fields (K1 2.0, title weight 3), dev nDCG@10 at title B 0.3 /
#: 0.5 / 0.75: AP88 0.520 / 0.520 / 0.518, Cranfield 0.376 / 0.380 / 0.382 (TIME has no titles).
TITLE_B = 0.5
#: How much more a word counts in the title than in the body, inside BM25F's saturation. Dev
#: nDCG@10 at K1 2.0, title B 0.3, title weight 1 / 2 / 3 / 4: AP88 0.516 / 0.516 / 0.520 /
#: 0.512, Cranfield 0.371 / 0.376 / 0.376 / 0.375. Against Whoosh's per-field sum (AP88 0.501,
#: Cranfield 0.384, TIME 0.742 either way), AP88 recall@100 rises from 0.478 to 0.556.
TITLE_WEIGHT = 3.0
#: Weight of each field a plain word is looked up in.
FIELD_WEIGHTS = {"title": TITLE_WEIGHT, "body": 1.0}

#: Pseudo-relevance feedback (RM3) for queries of plain words, when a search asks for it
#: (``feedback=True``; ``searchkit.words.expand``): the first FEEDBACK_DOCS documents lend their
#: FEEDBACK_TERMS likeliest words to the query, which keeps ORIGINAL_WEIGHT of the weight. Dev
#: nDCG@10 (benchmarks/ranking.py) without / with feedback: TIME 0.742 / 0.744, AP88 0.520 / 0.558,
#: Cranfield 0.380 / 0.403 (mean 0.547 / 0.568). Other settings, measured with a prototype of the
#: same model (docs / words / weight, words in more than a fifth of the documents left out): 10 / 5
#: / 0.7: TIME 0.712, AP88 0.549, Cranfield 0.393; 10 / 8 / 0.7: 0.730, 0.561, 0.406; 5 / 10 / 0.7:
#: 0.736, 0.560, 0.407; 10 / 10 / 0.6: 0.718, 0.559, 0.400; 10 / 10 / 0.8: 0.741, 0.558, 0.404.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 10
ORIGINAL_WEIGHT = 0.7
#: Feedback leaves out words found in more than this share of the documents: they say little
#: about the topic, and their long posting lists made a search on 80k AP88 stories nine times
#: slower (20 words, none left out). Prototype dev nDCG@10 at 10 docs, 10 words, weight 0.7,
#: with a share of 0.02 / 0.05 / 0.1 / 0.2 / 1: TIME 0.740 / 0.710 / 0.727 / 0.744 / 0.727,
#: AP88 0.520 / 0.553 / 0.562 / 0.562 / 0.550, Cranfield 0.383 / 0.394 / 0.399 / 0.403 / 0.404
#: (mean 0.548 / 0.552 / 0.563 / 0.570 / 0.560). Cost at 0.2 on AP88 (80k stories, top 10 with
#: snippets, dev topics): median 19 ms without feedback, 43 ms with.
FEEDBACK_MAX_SHARE = 0.2


def idf(documents: int, having: int) -> float:
    """The Robertson–Spärck Jones idf of a word that ``having`` of ``documents`` hold: near 0
    for a word most of them hold."""
    return log(1 + (documents - having + 0.5) / (having + 0.5))


class NewsBM25F(scoring.BM25F):  # type: ignore[misc]  # Whoosh is untyped
    """Whoosh's BM25F with the Robertson–Spärck Jones idf that Lucene and tantivy use.

    Whoosh's own idf, ``log(N / (df + 1)) + 1``, gives a word found in every document a weight
    of 1, so the common words of a long query swamp its rare ones.
    """

    def idf(self, searcher: Any, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        return idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))

    def word_idf(self, searcher: Any, fields: Iterable[str], text: str) -> float:
        """The idf of a word scored over several fields: from the largest of its document
        frequencies in them (a lower bound on the documents that hold it in any)."""
        parent = searcher.get_parent()
        df = max(parent.doc_frequency(field, text) for field in fields)
        return idf(parent.doc_count_all(), df)

    def field_b(self, field: str) -> float:
        """The length normalisation of a field."""
        b: float = self._field_B.get(field, self.B)
        return b

    def saturate(self, idf: float, tf: NDArray[np.float64]) -> NDArray[np.float64]:
        """BM25F's score of a word from its weighted, length-normalised frequency over the
        fields (``tf``, one value a document)."""
        k1 = self.K1
        scores: NDArray[np.float64] = idf * ((tf * (k1 + 1)) / (tf + k1))
        return scores


def weighting() -> scoring.WeightingModel:
    """The scoring model a searcher is created with."""
    return NewsBM25F(B=B, K1=K1, title_B=TITLE_B)
