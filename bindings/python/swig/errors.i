/* Errors (part of sharitories.i): every `shr_error *err` parameter becomes a sharitories.Error
 * (src/errors.c raises it), and the helpers' Python exceptions pass through. */

/* Every `shr_error *err` parameter is hidden from Python and turned into an exception. */
%typemap(in, numinputs=0) shr_error *err (shr_error temp) {
    shr_error_clear(&temp);
    $1 = &temp;
}
%typemap(argout) shr_error *err {
    if (temp$argnum.code != SHR_OK) {
        Py_XDECREF($result);
        $result = NULL;
        shr_py_raise(&temp$argnum, "$symname");
        SWIG_fail;
    }
}

/* Helpers that report argument errors as ordinary Python exceptions (TypeError, ValueError). */
%define SHR_PY_CHECKED(NAME)
%exception NAME {
    $action
    if (PyErr_Occurred())
        SWIG_fail;
}
%enddef

/* shr_error is filled by the typemap above, never seen from Python. */
%ignore shr_error;
%ignore shr_error_clear;
