"""Translations: which document translates which (``pairing``), and sentence alignment.

``sentences.align`` is the one aligner; ``corpus_tool.api.align_files``
(``corpus-tool align``) and ``corpus.align_documents`` (the pipeline's corpus
stage) both use it.  ``embedders`` holds the optional cross-lingual embedders, ``scoring``
the standard strict/lax measure, ``press`` the builder of test documents.
"""
