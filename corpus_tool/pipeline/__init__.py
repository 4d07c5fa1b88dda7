"""The pipeline: document stages in order, the run that streams documents through them, corpus stages after.

``stages`` holds the one ``Stage`` type and the document stages; ``run`` the survey,
skip-unchanged and the one writer; ``executors`` where documents are processed (the local pool,
or a Dask cluster: ``cluster``); ``corpus`` the corpus stages that read and write the store,
their keyed joins in ``joins``.  Stage modules
(``clean``, ``extract``, ``align``, ``check`` …) never import this package.
"""
from __future__ import annotations

from .cluster import DaskExecutor
from .corpus import CORPUS_STAGES, align_corpus, check_corpus, rebuild_people, run_corpus_stages
from .executors import LocalExecutor
from .run import DEFAULT_DB, Outcome, RunSummary, cleaned_text_path, run, stage_profile
from .stages import (
                     DOCUMENT_STAGES,
                     INPUT_FIELDS,
                     RunContext,
                     Stage,
                     StageFailure,
                     StageReport,
                     check_order,
                     process_document,
                     stages_named,
)

__all__ = ["CORPUS_STAGES", "DEFAULT_DB", "DOCUMENT_STAGES", "INPUT_FIELDS", "DaskExecutor", "LocalExecutor",
           "Outcome", "RunContext", "RunSummary", "Stage", "StageFailure", "StageReport", "align_corpus",
           "check_corpus", "check_order", "cleaned_text_path", "process_document", "rebuild_people", "run",
           "run_corpus_stages", "stage_profile", "stages_named"]
