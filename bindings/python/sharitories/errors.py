"""Exceptions raised by the sharitories package.

Every failure of the C library surfaces as a subclass of :class:`Error`, never as a bare
RuntimeError::

    Error                    code, name, message (+ path, line, column, record when known)
    ├── LoadError            a file or buffer failed to load (path, line, column, record);
    │                        also the mapping or CSV file of an import
    ├── QueryError           a query expression is invalid (column: 1-based character in the
    │                        expression); also a ValueError
    ├── NotFoundError        an unknown id given to an analysis or a report; also a KeyError
    ├── InvalidArgumentError an argument the library refused (a bad population band, a
    │                        territory without population...); also a ValueError
    └── OutOfMemoryError     the library ran out of memory; also a MemoryError

An I/O error (code EIO) whose cause is known is also the matching OSError subclass, with
``errno``, ``strerror`` and ``filename`` set: loading a missing file raises an exception that
is both a LoadError and a FileNotFoundError (likewise PermissionError, IsADirectoryError,
NotADirectoryError), and so does writing to a directory that does not exist (an Error).

Arguments that are wrong on the Python side raise the usual ValueError / TypeError: a str
holding a NUL character is a ValueError, a non-str where a str is expected a TypeError. An
unknown id raises KeyError everywhere (``cat.territory(id)``, ``cat.practices()[id]``,
analyses); ``view.get(id)`` returns None instead.

A query that parses but looks like a mistake (a lower-case ``or`` searched as a word, a tag no
practice has...) issues a :class:`QueryWarning` (a UserWarning) through :func:`warnings.warn`,
from every call that compiles a query; the query still runs as written.

Columns count characters (Unicode code points) from 1, for files and query expressions alike
(the C library counts bytes in query expressions; the binding converts).
"""

import errno as _errno
import sys as _sys
import warnings as _warnings
import os

__all__ = ["Error", "LoadError", "QueryError", "NotFoundError", "InvalidArgumentError",
           "OutOfMemoryError", "QueryWarning"]

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
        message: the library's one-line message, in English.
        message_fr: the same message in French (the library writes both; docs/errors.md).
        path: the file concerned, or None.
        line, column: 1-based place in the file (or, for QueryError, the column in the
            expression), or None when not known.
        record: id of the record concerned, or None.
    """

    def __init__(self, message, code=EINVAL, name="EINVAL", path=None, line=None, column=None,
                 record=None, message_fr=None):
        super().__init__(message)
        self.message = message
        self.message_fr = message if message_fr is None else message_fr
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

    def message_in(self, lang=None):
        """The message in ``lang``: "fr" gives :attr:`message_fr`, anything else (None, "en")
        :attr:`message` (the ``lang`` rule of the package's labels)."""
        return self.message_fr if lang == "fr" else self.message

    def __repr__(self):
        fields = [repr(self.message)]
        for key in ("path", "line", "column", "record"):
            value = getattr(self, key)
            if value is not None:
                fields.append(f"{key}={value!r}")
        fields.append(f"name={self.name!r}")
        return f"{type(self).__name__}({', '.join(fields)})"

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.code, self.name, self.path, self.line,
                           self.column, self.record, getattr(self, "errno", None),
                           self.message_fr))


class LoadError(Error):
    """A catalog file (or buffer) failed to load; the catalog is left as it was.

    ``path``, ``line``, ``column`` and ``record`` say where (format.md: the offending node).
    Also raised for I/O errors (code EIO): a missing file raises an exception that is also a
    FileNotFoundError (see the module's documentation).
    """


class QueryError(Error, ValueError):
    """An invalid query expression (also a ValueError); ``column`` is the 1-based character
    in the expression where the problem is."""


class NotFoundError(Error, KeyError):
    """An unknown id (code ENOTFOUND) given to an analysis or a report; also a KeyError."""

    __str__ = Error.__str__


class InvalidArgumentError(Error, ValueError):
    """An argument the library refused (code EINVAL); also a ValueError."""


class OutOfMemoryError(Error, MemoryError):
    """The C library ran out of memory (code ENOMEM). Also a MemoryError."""


# I/O errors that are also the matching OSError subclass: {(base, OSError subclass): class}.
_OS_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)
_OS_CLASSES = {}
for _base in (Error, LoadError):
    for _os_cls in _OS_ERRORS:
        _name = f"{_base.__name__}{_os_cls.__name__.replace('Error', '')}"
        _cls = type(_name, (_base, _os_cls), {
            "__doc__": f"A {_base.__name__} (code EIO) that is also a {_os_cls.__name__}.",
            "__module__": __name__, "__str__": Error.__str__})
        globals()[_name] = _cls
        _OS_CLASSES[(_base, _os_cls)] = _cls
del _base, _os_cls, _name, _cls


def _set_os_fields(exc, err):
    if err is not None and isinstance(exc, OSError):
        exc.errno = err
        exc.strerror = os.strerror(err)
        exc.filename = exc.path


def _rebuild(cls, message, code, name, path, line, column, record, err=None, message_fr=None):
    exc = cls(message, code=code, name=name, path=path, line=line, column=column, record=record,
              message_fr=message_fr)
    _set_os_fields(exc, err)
    return exc


def _errno_of(message):
    """The errno whose text ends the message of an I/O error ("cannot open: <strerror>")."""
    for err in (_errno.ENOENT, _errno.EACCES, _errno.EISDIR, _errno.ENOTDIR):
        if message.endswith(": " + os.strerror(err)):
            return err
    return None


def _from_c(code, name, message, path, line, column, record, context, message_fr=None):
    """Build the exception for a C shr_error (called from the SWIG module)."""
    message = message.decode("utf-8", "replace")
    message_fr = message_fr.decode("utf-8", "replace") if message_fr else message
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
    elif code == ENOTFOUND:
        cls = NotFoundError
    elif code == EINVAL:
        cls = InvalidArgumentError
    else:
        cls = Error
    err = _errno_of(message) if code == EIO else None
    if err is not None:
        cls = _OS_CLASSES.get((cls, type(OSError(err, ""))), cls)
    exc = cls(message, code=code, name=name, path=path, line=line or None,
              column=column or None, record=record, message_fr=message_fr)
    _set_os_fields(exc, err)
    return exc


class QueryWarning(UserWarning):
    """A query that parses but looks like a mistake (it still runs as written).

    Attributes: ``message`` (the library's text, in English), ``message_fr`` (the same in
    French), ``column`` (1-based character in the expression, or None), ``expression`` (the
    query). ``message_in(lang)`` gives one of the two ("fr"; anything else: English)."""

    def __init__(self, message, column=None, expression=None, message_fr=None):
        super().__init__(message)
        self.message = message
        self.message_fr = message if message_fr is None else message_fr
        self.column = column
        self.expression = expression

    def message_in(self, lang=None):
        """The message in ``lang``: "fr" gives :attr:`message_fr`, else :attr:`message`."""
        return self.message_fr if lang == "fr" else self.message

    def __str__(self):
        return f"column {self.column}: {self.message}" if self.column else self.message

    def __reduce__(self):
        return (type(self), (self.message, self.column, self.expression, self.message_fr))


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _warn_query(message, expression, column, message_fr=None):
    """Issue a QueryWarning (called from the SWIG module, column already in characters),
    attributed to the first caller outside this package."""
    level, frame = 1, _sys._getframe(0)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE:
        frame = frame.f_back
        level += 1
    _warnings.warn(QueryWarning(message.decode("utf-8", "replace"), column or None,
                                expression.decode("utf-8", "replace"),
                                message_fr.decode("utf-8", "replace") if message_fr else None),
                   stacklevel=level)
