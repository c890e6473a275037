/* Queries and owned results, facets, cross-tabs, exports (part of sharitories.i); the C is
 * src/result.c. */

/* Queries, results, facets and cross-tabs are owned; they are reached through the shr_py_*
 * helpers below, which own them properly. */
%rename("$ignore", regextarget=1) "^shr_query_";
%rename("$ignore", regextarget=1) "^shr_result_";
%rename("$ignore", regextarget=1) "^shr_facet_";
%rename("$ignore", regextarget=1) "^shr_crosstab_";
%ignore shr_catalog_select;
%ignore shr_query;
%ignore shr_result;
%ignore shr_facet;
%ignore shr_crosstab;
%include <sharitories/query.h>
%include <sharitories/result.h>
%include <sharitories/facet.h>

/* ---------------------------------------------------------------- results */

%feature("docstring") shr_py_result "An owned query result: frees its shr_result, then releases its catalog.";
%nodefaultctor shr_py_result;
%extend shr_py_result {
    ~shr_py_result() {
        shr_result_free($self->res);
        Py_XDECREF($self->owner);
        free($self);
    }
}

%newobject shr_py_select;
%feature("docstring") shr_py_select "shr_py_select(catalog, expr, sort, descending) -> an owned result.\n\nParse and run expr (query.md) over catalog, then sort it by sort (\"catalog\", \"name\", \"started\", \"id\"; None for catalog order), in reverse when descending. The result keeps the catalog alive. Raises QueryError (with the column in expr), ValueError for an unknown sort key, MemoryError.";
SHR_PY_CHECKED(shr_py_select)
SHR_PY_CHECKED(shr_py_count)
%feature("docstring") shr_py_count "shr_py_count(catalog, expr) -> number of practices expr selects, without building a result. Raises QueryError.";
%feature("docstring") shr_py_result_count "Number of practices in a result.";
%feature("docstring") shr_py_result_practices "shr_py_result_practices(result, start, stop, step) -> the practices of range(start, stop, step) (indices already normalised by slice.indices()), as borrowed pointers.";
%feature("docstring") shr_py_result_at "shr_py_result_at(result, index) -> the practice at index (0 <= index < count), a borrowed pointer. Raises IndexError.";
%feature("docstring") shr_py_result_ids "Ids of every practice of a result, as a list of str, in one call.";
%feature("docstring") shr_py_result_column "shr_py_result_column(result, name) -> one column of a result in one call.\n\nLists of str or None: \"id\", \"name\", \"description\", \"address\", \"department\", \"region\" (the id of the department or region the practice's first territory is or lies in). Lists of tuples of str: \"territories\", \"axes\", \"tags\", \"actors\". Packed native arrays (bytes, for numpy.frombuffer): \"category\", \"family\", \"status\" (int32 codes: category index, shr_family, shr_status), \"started\", \"ended\" (int32, INT32_MIN when absent), \"latitude\", \"longitude\" (float64, NaN when absent), \"territory_count\" (int32). Raises ValueError for another name.";
%feature("docstring") shr_py_facet "shr_py_facet(result, dimension, within) -> list of (key, label_fr, label_en, count, population or None), in the dimension's natural order. With within, territorial values are restricted to the query's territory (shr_facet_compute_within). Raises ValueError for an unknown dimension.";
%feature("docstring") shr_py_crosstab "shr_py_crosstab(result, rows, cols, within) -> (row_heads, col_heads, values): heads are lists of (key, label_fr, label_en, population or None), values a list of rows of counts; within as for shr_py_facet. Raises ValueError for an unknown dimension.";
SHR_PY_CHECKED(shr_py_result_practices)
SHR_PY_CHECKED(shr_py_result_at)
SHR_PY_CHECKED(shr_py_result_ids)
SHR_PY_CHECKED(shr_py_result_column)
SHR_PY_CHECKED(shr_py_facet)
SHR_PY_CHECKED(shr_py_crosstab)

/* ---------------------------------------------------------------- export */

%feature("docstring") shr_py_result_write_csv "shr_py_result_write_csv(result, path): the practices of an owned result as CSV (export.h). Raises Error (EIO).";
%feature("docstring") shr_py_result_write_json "shr_py_result_write_json(result, path): the practices of an owned result as a JSON array (export.h). Raises Error (EIO).";
%feature("docstring") shr_py_result_write_geojson "shr_py_result_write_geojson(result, flags, path) -> number of features written (export.h; flags 0 or SHR_GEOJSON_TERRITORY_LOCATION). Raises Error (EIO).";
%feature("docstring") shr_py_result_write_sql "shr_py_result_write_sql(result, schema, flags, path): the practices of an owned result as an SQL script for PostgreSQL/PostGIS (export.h; schema None: sharitories; flags 0 or SHR_SQL_ALL_TERRITORIES). Raises Error (EINVAL for a bad schema name, EIO).";
