from typing import Optional

OK: int
ENOMEM: int
EIO: int
ESYNTAX: int
EFORMAT: int
EDUPLICATE: int
EREFERENCE: int
ECYCLE: int
ELIMIT: int
EUNSUPPORTED: int
EQUERY: int
ENOTFOUND: int
EINVAL: int

class Error(Exception):
    code: int
    name: str
    message: str
    message_fr: str
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    record: Optional[str]
    def __init__(self, message: str, code: int = ..., name: str = ..., path: Optional[str] = ...,
                 line: Optional[int] = ..., column: Optional[int] = ...,
                 record: Optional[str] = ..., message_fr: Optional[str] = ...) -> None: ...
    def message_in(self, lang: Optional[str] = ...) -> str: ...

    def __repr__(self) -> str: ...

class LoadError(Error): ...
class QueryError(Error, ValueError): ...
class NotFoundError(Error, KeyError): ...
class InvalidArgumentError(Error, ValueError): ...
class OutOfMemoryError(Error, MemoryError): ...

class QueryWarning(UserWarning):
    message: str
    message_fr: str
    column: Optional[int]
    expression: Optional[str]
    def __init__(self, message: str, column: Optional[int] = ...,
                 expression: Optional[str] = ..., message_fr: Optional[str] = ...) -> None: ...
    def message_in(self, lang: Optional[str] = ...) -> str: ...
