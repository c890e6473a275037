/* Typemaps of the arguments (part of sharitories.i): str, file names, documents, writers' files,
 * and the owned wrappers of the C objects. The C helpers they call are in src/errors.c. */

/* Every string parameter: a str (see shr_py_text); None only where it means "none". */
%typemap(in) const char * {
    if (shr_py_text($input, "$1_name", 0, (const char **)&$1) < 0)
        SWIG_fail;
}
%typemap(in) const char *sort, const char *query, const char *generated, const char *name,
    const char *title, const char *outlines {
    if (shr_py_text($input, "$1_name", 1, (const char **)&$1) < 0)
        SWIG_fail;
}
%typemap(freearg) const char *, const char *sort, const char *query, const char *generated,
    const char *name, const char *title, const char *outlines "";

/* File names: str, bytes or os.PathLike, encoded with the file system encoding. */
%typemap(in) const char *path (PyObject *encoded = NULL) {
    if (!PyUnicode_FSConverter($input, &encoded))
        SWIG_fail;
    $1 = PyBytes_AS_STRING(encoded);
}
%typemap(freearg) const char *path {
    Py_XDECREF(encoded$argnum);
}
%typemap(in) (const char *const *paths, size_t count) (PyObject *seq = NULL, PyObject **encoded = NULL, const char **arr = NULL, size_t n = 0) {
    seq = PySequence_Fast($input, "paths must be a sequence of str, bytes or os.PathLike");
    if (!seq)
        SWIG_fail;
    n = (size_t)PySequence_Fast_GET_SIZE(seq);
    encoded = (PyObject **)calloc(n + 1, sizeof *encoded);
    arr = (const char **)calloc(n + 1, sizeof *arr);
    if (!encoded || !arr) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i), &encoded[i]))
            SWIG_fail;
        arr[i] = PyBytes_AS_STRING(encoded[i]);
    }
    $1 = ($1_ltype)arr;
    $2 = n;
}
%typemap(freearg) (const char *const *paths, size_t count) {
    if (encoded$argnum)
        for (size_t i = 0; i < n$argnum; i++)
            Py_XDECREF(encoded$argnum[i]);
    free(encoded$argnum);
    free((void *)arr$argnum);
    Py_XDECREF(seq$argnum);
}
/* In-memory documents: any bytes-like object (the Python layer encodes str as UTF-8). */
%typemap(in) (const char *data, size_t size) (Py_buffer view, int have_view = 0) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
        SWIG_fail;
    have_view = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const char *data, size_t size) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}

/* Locations come back as [flag, latitude, longitude]. */
%apply double *OUTPUT { double *latitude, double *longitude };

/* Indices. */
%apply long { Py_ssize_t };

/* An owned C object of the analyses or the import, with its catalog kept alive: PYT (declared in
 * src/shr_py.h, made by PYT##_new there) frees its CT with FREE, then releases the catalog. */
%define SHR_PY_OWNED(PYT, CT, FREE, DOC)
%feature("docstring") PYT DOC;
%nodefaultctor PYT;
%extend PYT {
    ~PYT() {
        FREE($self->obj);
        Py_XDECREF($self->owner);
        free($self);
    }
}
/* The C functions taking the C object take the wrapper from Python. */
%typemap(in) const CT * (PYT *wrapper = NULL) {
    if (!SWIG_IsOK(SWIG_ConvertPtr($input, (void **)&wrapper, $descriptor(PYT *), 0)) || !wrapper
        || !wrapper->obj) {
        PyErr_SetString(PyExc_TypeError, "$symname: expected a " #PYT);
        SWIG_fail;
    }
    $1 = wrapper->obj;
}
%enddef

/* Writers: a file name in, the file opened, written, closed; every failure raised. */
%typemap(in, numinputs=1) (FILE *out, shr_error *err) (PyObject *encoded = NULL, FILE *fp = NULL, shr_error temp) {
    shr_error_clear(&temp);
    if (!PyUnicode_FSConverter($input, &encoded))
        SWIG_fail;
    fp = fopen(PyBytes_AS_STRING(encoded), "wb");
    if (!fp) {
        shr_py_fail_io(&temp, "cannot open for writing", PyBytes_AS_STRING(encoded), errno);
        shr_py_raise(&temp, "$symname");
        SWIG_fail;
    }
    $1 = fp;
    $2 = &temp;
}
%typemap(argout) (FILE *out, shr_error *err) {
    if (fp$argnum) {
        int close_failed = fclose(fp$argnum) != 0;
        int close_errno = errno;
        fp$argnum = NULL;
        if (temp$argnum.code == SHR_OK && (long long)result < 0)
            shr_py_fail(&temp$argnum, (int)result, shr_error_code_text((int)result));
        if (temp$argnum.code == SHR_OK && close_failed)
            shr_py_fail_io(&temp$argnum, "cannot write", PyBytes_AS_STRING(encoded$argnum), close_errno);
        if (temp$argnum.code != SHR_OK) {
            if (!temp$argnum.file[0])
                snprintf(temp$argnum.file, sizeof temp$argnum.file, "%s", PyBytes_AS_STRING(encoded$argnum));
            Py_XDECREF($result);
            $result = NULL;
            shr_py_raise(&temp$argnum, "$symname");
            SWIG_fail;
        }
    }
}
%typemap(freearg) (FILE *out, shr_error *err) {
    if (fp$argnum)
        fclose(fp$argnum);
    Py_XDECREF(encoded$argnum);
}

