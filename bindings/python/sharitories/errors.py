"""Exceptions raised by the sharitories package.

Every failure of the C library surfaces as a subclass of :class:`Error`, never as a bare
RuntimeError::

    Error                    code, name, message (+ path, line, column, record when known)
    ├── LoadError            a file or buffer failed to load (path, line, column, record);
    │                        also the mapping or CSV file of an import
    ├── QueryError           a query expression is invalid (column: 1-based, in the expression)
    └── OutOfMemoryError     the C library ran out of memory (also a MemoryError)

Arguments that are wrong on the Python side (an unknown dimension name, a wrong type) raise
the usual ValueError / TypeError; an unknown id looked up with ``[]`` raises KeyError.
"""

import os

__all__ = ["Error", "LoadError", "QueryError", "OutOfMemoryError"]

# The C error codes (error.h, SHR_ERROR_MAP).
OK = 0
ENOMEM = -1
EIO = -2
ESYNTAX = -3
EFORMAT = -4
EDUPLICATE = -5
EREFERENCE = -6
ECYCLE = -7
ELIMIT = -8
EUNSUPPORTED = -9
EQUERY = -10
ENOTFOUND = -11
EINVAL = -12


class Error(Exception):
    """A libsharitories error.

    Attributes:
        code: the negative C error code (``sharitories.errors.EFORMAT``...).
        name: its symbolic name ("EFORMAT").
        message: the library's one-line message.
        path: the file concerned, or None.
        line, column: 1-based place in the file (or, for QueryError, the column in the
            expression), or None when not known.
        record: id of the record concerned, or None.
    """

    def __init__(self, message, code=EINVAL, name="EINVAL", path=None, line=None, column=None,
                 record=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.name = name
        self.path = path
        self.line = line
        self.column = column
        self.record = record

    def __str__(self):
        where = ""
        if self.path:
            where = str(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        elif self.column and isinstance(self, QueryError):
            where = f"column {self.column}: "
        rec = f" (record {self.record})" if self.record else ""
        return f"{where}{self.message}{rec}"

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.code, self.name, self.path, self.line,
                           self.column, self.record))


class LoadError(Error):
    """A catalog file (or buffer) failed to load; the catalog is left as it was.

    ``path``, ``line``, ``column`` and ``record`` say where (format.md: the offending node).
    Also raised for I/O errors (code EIO), such as a missing file.
    """


class QueryError(Error):
    """An invalid query expression; ``column`` is the 1-based byte column in the expression."""


class OutOfMemoryError(Error, MemoryError):
    """The C library ran out of memory (code ENOMEM). Also a MemoryError."""


def _rebuild(cls, message, code, name, path, line, column, record):
    return cls(message, code=code, name=name, path=path, line=line, column=column, record=record)


def _from_c(code, name, message, path, line, column, record, context):
    """Build the exception for a C shr_error (called from the SWIG module)."""
    message = message.decode("utf-8", "replace")
    path = os.fsdecode(path) if path else None
    record = record.decode("utf-8", "replace") or None
    if isinstance(context, bytes):
        context = context.decode("ascii", "replace")
    if code == ENOMEM:
        cls = OutOfMemoryError
    elif "load" in context or context.startswith("shr_py_import"):
        cls = LoadError  # also the mapping and the CSV of an import
    elif code in (EQUERY,) or context in ("shr_py_select", "shr_py_count"):
        cls = QueryError
    else:
        cls = Error
    return cls(message, code=code, name=name, path=path, line=line or None,
               column=column or None, record=record)
