/* The checks every kernel makes of its arguments before it reads or writes a buffer.
 *
 * The kernels read rows, positions and doc numbers where they lie, without the GIL, so
 * an offset past a buffer's end, an item of the wrong size or a negative number would
 * read or write memory that is not theirs. Callers in the package pass what fits; these
 * checks make any other caller get a ValueError (OutOfRange, also an IndexError, for a
 * number that names no row or key) instead. */
#include "_kernels.h"

PyObject *kernels_out_of_range = NULL;

/* The struct code of a buffer's items, with byte order and native-size marks read as
 * what they mean on this (little-endian) host; 'B' for a buffer without a format. */
static char item_code(const Py_buffer *view) {
    const char *f = view->format;
    if (!f) return 'B';
    if (*f == '@' || *f == '=' || *f == '<') f++;
    if (!*f || f[1]) return '?';
    switch (*f) {
    case 'l': return view->itemsize == 8 ? 'q' : 'i';
    case 'L': return view->itemsize == 8 ? 'Q' : 'I';
    case 'c': case 'b': return 'B';
    default: return *f;
    }
}

static Py_ssize_t code_size(char code) {
    switch (code) {
    case 'q': case 'Q': return 8;
    case 'I': case 'i': return 4;
    case 'H': case 'h': return 2;
    default: return 1;
    }
}

static const char *code_name(char code) {
    switch (code) {
    case 'q': return "int64";
    case 'I': return "uint32";
    case 'H': return "uint16";
    default: return "bytes";
    }
}

int kernels_get_buffer(PyObject *obj, Py_buffer *view, char code, int writable,
                       const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) {
        if (PyErr_ExceptionMatches(PyExc_BufferError)) {  /* read-only, or not contiguous */
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "%s must be a contiguous %sbuffer of %s", what,
                         writable ? "writable " : "", code_name(code));
        }
        return -1;
    }
    char got = item_code(view);
    int fits = code == 'B' ? view->itemsize == 1
                           : (got == code && view->itemsize == code_size(code));
    if (!fits || view->len % code_size(code)) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "%s must be a contiguous %sbuffer of %s", what,
                     writable ? "writable " : "", code_name(code));
        return -1;
    }
    return 0;
}

PyObject *kernels_rows_tuple(PyObject *rows, Py_ssize_t nkinds) {
    PyObject *tuple = PySequence_Tuple(rows);
    if (!tuple) return NULL;
    if (PyTuple_GET_SIZE(tuple) != nkinds) {
        Py_DECREF(tuple);
        PyErr_SetString(PyExc_ValueError, "one kind per row");
        return NULL;
    }
    return tuple;
}

int kernels_check_window(Py_ssize_t words, Py_ssize_t base) {
    if (words < 0 || words > MAX_WORDS || base < 0 || base % 64 || base / 64 > MAX_WORDS) {
        PyErr_SetString(PyExc_ValueError,
                        "words must be >= 0 and base a multiple of 64, >= 0");
        return -1;
    }
    return 0;
}

int kernels_get_row(PyObject *row, Py_buffer *view, char kind, Py_ssize_t words,
                    Py_ssize_t base) {
    if (kind != 0 && kind != 1) {
        PyErr_SetString(PyExc_ValueError, "a row's kind is 0 (bitmap) or 1 (uint32 docs)");
        return -1;
    }
    if (PyObject_GetBuffer(row, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        if (PyErr_ExceptionMatches(PyExc_BufferError)) {
            PyErr_Clear();
            PyErr_SetString(PyExc_ValueError, "a row must be a contiguous buffer");
        }
        return -1;
    }
    char code = item_code(view);
    int fits;
    if (kind == 0)  /* words from bit `base` on: any item type, read as bytes */
        fits = view->len / 8 - base / 64 >= words;
    else  /* doc numbers: uint32, or raw little-endian bytes of them */
        fits = (code == 'I' && view->itemsize == 4) || (code == 'B' && view->itemsize == 1);
    if (!fits || (kind == 1 && view->len % 4)) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError,
                        kind == 0 ? "a bitmap row is shorter than the words asked for"
                                  : "a list row must be uint32 doc numbers");
        return -1;
    }
    return 0;
}

int kernels_check_positions(const int64_t *positions, Py_ssize_t npos, Py_ssize_t nrows) {
    Py_ssize_t s;
    if (npos > MAX_POSITIONS) {
        PyErr_SetString(PyExc_ValueError, "at most 65535 positions");
        return -1;
    }
    for (s = 0; s < npos; s++) {
        if (positions[s] < -1 || positions[s] >= nrows) {
            PyErr_SetString(kernels_out_of_range, "a position names no row");
            return -1;
        }
    }
    return 0;
}
