"""One catalogue of the library's errors, each with a short code."""
from __future__ import annotations


class CorpusToolError(Exception):
    """Base of every error the library raises on purpose."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(CorpusToolError):
    """A document cannot be read: empty, binary, undecodable, too large, vanished."""

    code = "E100"


class DecodeError(InputError):
    code = "E101"


class EmptyDocument(InputError):
    code = "E102"


class BinaryDocument(InputError):
    code = "E103"


class TooLarge(InputError):
    code = "E104"


class Vanished(InputError):
    code = "E105"


class UnsupportedFormat(InputError):
    code = "E106"


class NotRegularFile(InputError):
    """A FIFO, socket or device among the inputs: skipped, never opened for reading (it could block)."""

    code = "E107"


class SymlinkLoop(InputError):
    """A symbolic link that points (directly or not) to itself."""

    code = "E108"


class PermissionDenied(InputError):
    """The file exists but the user running the tool may not read it."""

    code = "E109"


class SettingsError(CorpusToolError):
    """A settings file names an unknown key or gives a value of the wrong type."""

    code = "E010"


class StageError(CorpusToolError):
    """A pipeline stage failed on a document."""

    code = "E200"


class DocumentTimeout(StageError):
    """A document passed its time limit (``[run] document_timeout_seconds``)."""

    code = "E201"


class DocumentOverMemory(StageError):
    """A document took more memory than its limit (``[run] document_memory_mb``)."""

    code = "E203"


class WorkerDied(StageError):
    """The worker process running a document died (killed, out of memory), also when it ran alone."""

    code = "E202"


class ExecutorError(CorpusToolError):
    """An executor cannot run: unknown name, or its optional libraries are not installed."""

    code = "E210"


class DatabaseError(CorpusToolError):
    code = "E300"


class ReadOnlyViolation(DatabaseError):
    """A write statement was given where only reading is allowed."""

    code = "E301"


class ExportError(DatabaseError):
    """An export was asked for something unknown (table or format)."""

    code = "E302"


class DatabaseBusy(DatabaseError):
    """Another run is writing the same database (one writer at a time)."""

    code = "E303"


class NotADatabase(DatabaseError):
    """The file given as the database is not SQLite (or is damaged)."""

    code = "E304"


class DatabaseUnusable(DatabaseError):
    """The database path cannot be opened or created (a folder, no permission, a missing parent)."""

    code = "E305"


class ForeignSchema(DatabaseError):
    """A SQLite database that is not a corpus database (or of a newer version): refused, left untouched."""

    code = "E306"


class QueryTimeout(DatabaseError):
    """A read-only query ran past its time limit (``[sql] time_limit_ms``)."""

    code = "E307"


class ClaimParseError(CorpusToolError):
    code = "E400"


class AlignmentError(CorpusToolError):
    code = "E500"


class CrawlError(CorpusToolError):
    code = "E600"


class UnsafeURL(CrawlError):
    code = "E601"
