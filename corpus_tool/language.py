"""Language of documents and paragraphs (lingua, among the languages in settings).

Swedish and English are what the tool extracts from; other languages are in the
candidate set so that a Danish or German page is reported as such rather than
forced into Swedish or English.  Short lines ("sv", "År", "2016") take their
document's language: a detector's guess on two characters is noise.  A text that
holds enough of one language's own function words and none of another's
(``language_words.tsv``) is that language without the detector: the detector's
time is spent on the texts it can decide and a word count cannot.
"""
from __future__ import annotations

import functools
import re

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from . import resources
from .document import Document
from .settings import LanguageSettings

# Characters of text the document-level detector looks at: enough to be sure, cheap on long pages.
DOCUMENT_SAMPLE_CHARS = 4000
_LETTERS = re.compile(r"[^\W\d_]+")
# Decisive evidence: at least this many of one language's function words (language_words.tsv),
# being at least this share of the text's words, and no word of another language.  A document
# chooses among all the settings' languages and needs more than a paragraph, which chooses among
# its document's, Swedish and English.  On the sentences and documents of benchmarks/language.py
# and the 7,900 development documents no text so decided was decided otherwise by the detector,
# but for 13 Swedish paragraphs the detector got wrong.
DECISIVE_WORDS = {"document": 5, "paragraph": 2}
DECISIVE_SHARE = 0.03


@functools.lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Lower-case word -> the languages that write it (language_words.tsv)."""
    return {r["word"]: frozenset(r["languages"].split()) for r in resources.read_tsv("language_words.tsv")}


def decisive_language(text: str, codes: tuple[str, ...], least: int) -> str | None:
    """The language among ``codes`` that ``text``'s function words alone decide: at least ``least``
    words that it alone of ``codes`` writes, that many being a large enough share of the text's
    words, and no word it does not write.  None when they do not decide."""
    words = _LETTERS.findall(text.lower())
    table = _function_words()
    chosen = set(codes)
    evidence: dict[str, int] = {}
    possible = chosen  # the languages every function word so far is written in
    for word in words:
        langs = table.get(word)
        if langs is None:
            continue
        langs = langs & chosen
        possible = possible & langs
        if not possible:
            return None
        if len(langs) == 1:
            (lang,) = langs
            evidence[lang] = evidence.get(lang, 0) + 1
    if len(evidence) != 1:  # none (a word for one language excludes the others: never two)
        return None
    ((lang, count),) = evidence.items()
    return lang if count >= least and count >= DECISIVE_SHARE * len(words) else None


@functools.lru_cache(maxsize=4)
def detector(codes: tuple[str, ...], low_accuracy: bool = False):
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect(text: str, codes: tuple[str, ...]) -> str | None:
    """ISO 639-1 code of the language of ``text``, or None when nothing can be told."""
    if not _LETTERS.search(text):
        return None
    language = detector(codes).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None


def sentence_language(text: str, codes: tuple[str, ...], sure: float) -> str | None:
    """Language of one sentence (a claim) among ``codes``, for a process that reads only it: the small
    models (trigrams, loaded in milliseconds) when they are ``sure``, else the full ones (a third of a
    second to load)."""
    if not _LETTERS.search(text):
        return None
    values = detector(codes, low_accuracy=True).compute_language_confidence_values(text)
    if values and values[0].value >= sure:
        return values[0].language.iso_code_639_1.name.lower()
    return detect(text, codes)


def is_short(text: str, settings: LanguageSettings) -> bool:
    words = _LETTERS.findall(text)
    return len(text) < settings.min_chars or len(words) < settings.min_words


def text_language(text: str, settings: LanguageSettings) -> str | None:
    """Language of a whole text, among the settings' languages, from its first characters."""
    sample = text[:DOCUMENT_SAMPLE_CHARS]
    return decisive_language(sample, settings.languages, DECISIVE_WORDS["document"]) or \
        detect(sample, settings.languages)


def detect_languages(doc: Document, settings: LanguageSettings) -> Document:
    """Set ``doc.lang`` and the language of each paragraph and sentence."""
    # Sample from long blocks first: headings and cells say little about the language.
    body = " ".join(t for k, t in doc.blocks if not is_short(t, settings)) or " ".join(t for _, t in doc.blocks)
    doc.lang = text_language(body, settings)
    # Paragraphs choose among the document's language, Swedish and English: a far
    # smaller model set (5-10x faster), and a paragraph in a third language inside
    # a Swedish page is rare enough to be reported at the document level.
    paragraph_codes = tuple(dict.fromkeys(c for c in (doc.lang, "sv", "en") if c))
    for paragraph in doc.paragraphs:
        paragraph.lang = (doc.lang if is_short(paragraph.text, settings)
                          else decisive_language(paragraph.text, paragraph_codes, DECISIVE_WORDS["paragraph"])
                          or detect(paragraph.text, paragraph_codes) or doc.lang)
    for sentence in doc.sentences:
        sentence.lang = doc.paragraphs[sentence.paragraph_position].lang
    return doc


def warm_up(settings: LanguageSettings) -> None:
    _function_words()
    detect("Polisen i Malmö", settings.languages)
    detect("Polisen i Malmö", ("sv", "en"))


def assign_language(doc: Document, lang: str) -> Document:
    """Set a language the caller knows on the document and each paragraph and sentence."""
    doc.lang = lang
    for paragraph in doc.paragraphs:
        paragraph.lang = lang
    for sentence in doc.sentences:
        sentence.lang = lang
    return doc
