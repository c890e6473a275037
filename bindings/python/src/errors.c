/*
 * Errors and warnings raised to Python (sharitories.errors builds the exceptions), and the
 * conversion of str arguments.
 */
#include "shr_py.h"

#include <stdio.h>
#include <string.h>

/* Raise the sharitories exception matching @p e: sharitories.errors._from_c() builds it (the
 * classes are pure Python). @p context is the name of the C function that failed. Strings are
 * passed as bytes: a truncated message may end inside a UTF-8 sequence. */
void shr_py_raise(const shr_error *e, const char *context)
{
    PyObject *mod = PyImport_ImportModule("sharitories.errors");
    if (!mod)
        return;
    PyObject *factory = PyObject_GetAttrString(mod, "_from_c");
    Py_DECREF(mod);
    if (!factory)
        return;
    PyObject *exc = PyObject_CallFunction(factory, "isyyIIysy", e->code,
                                          shr_error_code_name(e->code), e->message, e->file,
                                          e->line, e->column, e->record, context,
                                          shr_error_message(e, "fr"));
    Py_DECREF(factory);
    if (!exc)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* For helpers that fail without a shr_error: fill one and raise it. */
void shr_py_fail(shr_error *err, int code, const char *message)
{
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s", message);
    /* the French: the code's label for the code's text, else the same English text */
    snprintf(err->message_fr, sizeof err->message_fr, "%s",
             strcmp(message, shr_error_code_text(code)) == 0 ? shr_error_code_label(code, "fr")
                                                             : message);
}

/* The UTF-8 text of a str argument, borrowed from @p obj (valid while it lives), for every
 * `const char *` parameter and every str of a list: TypeError for another type (None gives
 * NULL when @p allow_none), ValueError for a NUL character (C would stop there), as Python's
 * own functions do. @p what names the argument in the message. */
int shr_py_text(PyObject *obj, const char *what, int allow_none, const char **out)
{
    Py_ssize_t len;
    *out = NULL;
    if (obj == Py_None && allow_none)
        return 0;
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str%s, not %s", what,
                     allow_none ? " or None" : "", Py_TYPE(obj)->tp_name);
        return -1;
    }
    const char *s = PyUnicode_AsUTF8AndSize(obj, &len);
    if (!s)
        return -1;
    if (strlen(s) != (size_t)len) {
        PyErr_Format(PyExc_ValueError, "%s: embedded null character", what);
        return -1;
    }
    *out = s;
    return 0;
}

/* Fill @p err with an I/O error on @p path (errno @p e). */
void shr_py_fail_io(shr_error *err, const char *what, const char *path, int e)
{
    err->code = SHR_EIO;
    snprintf(err->message, sizeof err->message, "%s: %s", what, strerror(e));
    snprintf(err->message_fr, sizeof err->message_fr, "%s", err->message);
    snprintf(err->file, sizeof err->file, "%s", path);
}

/* The UTF-8 texts of a sequence of str, as an array (NULL-terminated, to free()) whose
 * pointers stay valid while *keep (the sequence) lives. None gives NULL and 0. */
int shr_py_strv(PyObject *obj, const char *what, PyObject **keep, const char ***out,
                       size_t *count)
{
    *keep = NULL;
    *out = NULL;
    *count = 0;
    if (!obj || obj == Py_None)
        return 0;
    if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not a single string", what);
        return -1;
    }
    PyObject *seq = PySequence_Fast(obj, "expected a sequence of str");
    if (!seq)
        return -1;
    size_t n = (size_t)PySequence_Fast_GET_SIZE(seq);
    const char **v = (const char **)calloc(n + 1, sizeof *v);
    if (!v) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i);
        if (shr_py_text(item, what, 0, &v[i]) < 0) {
            free(v);
            Py_DECREF(seq);
            return -1;
        }
    }
    *keep = seq;
    *out = v;
    *count = n;
    return 0;
}

/* The 1-based character column of the 1-based byte column @p byte_column of UTF-8 @p text
 * (0 stays 0: not known). C counts bytes, Python counts characters. */
unsigned shr_py_char_column(const char *text, unsigned byte_column)
{
    unsigned chars = byte_column > 0;
    for (unsigned i = 0; i + 1 < byte_column && text[i]; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars;
}

/* Issue a sharitories.QueryWarning (sharitories.errors._warn_query); -1 when it raised. */
int shr_py_warn(const char *expr, const char *message, unsigned column, const char *message_fr)
{
    PyObject *mod = PyImport_ImportModule("sharitories.errors");
    if (!mod)
        return -1;
    PyObject *r = PyObject_CallMethod(mod, "_warn_query", "yyIy", message ? message : "", expr,
                                      column, message_fr ? message_fr : "");
    Py_DECREF(mod);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

PyObject *shr_py_str(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

PyObject *shr_py_population(int64_t pop)
{
    if (pop < 0)
        Py_RETURN_NONE;
    return PyLong_FromLongLong((long long)pop);
}
