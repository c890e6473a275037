/* CSV import (part of sharitories.i); the C is src/import.c. */

SHR_PY_OWNED(shr_py_import, shr_import, shr_import_free, "An owned shr_import (import.h): frees it, then releases its catalog.")

%ignore shr_import_mapping_load;
%ignore shr_import_mapping_load_buffer;
%ignore shr_import_mapping_free;
%ignore shr_import_csv;
%ignore shr_import_csv_buffer;
%ignore shr_import_free;
%ignore SHR_LIMIT_IMPORT_SIZE;

%include <sharitories/import.h>

/* ---------------------------------------------------------------- import */

%newobject shr_py_import_csv;
SHR_PY_CHECKED(shr_py_import_csv)
SHR_PY_CHECKED(shr_py_import_rows)
SHR_PY_CHECKED(shr_py_import_warnings)
%feature("docstring") shr_py_import_csv "shr_py_import_csv(catalog, mapping, mapping_name, csv, csv_name) -> an owned import.\n\nmapping and csv are each a file name (str or os.PathLike: read by the library) or the document itself (bytes-like; its name for errors, or None). The mapping is freed before the call returns. Raises LoadError (path, line and column of the mapping or CSV error).";
%feature("docstring") shr_py_import_rows "shr_py_import_rows(import) -> list of (line, method, reason, id, name, category, territory, location, link, address) per row: borrowed pointers or None; location (latitude, longitude) or None.";
%feature("docstring") shr_py_import_warnings "shr_py_import_warnings(import) -> list of (line, text).";
