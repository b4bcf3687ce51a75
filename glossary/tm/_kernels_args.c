/* The checks every kernel makes of its arguments before it reads or writes a buffer.
 *
 * The kernels read buffers where they lie, without the GIL, so an item of the wrong
 * size, a buffer too short or a number naming no key would read or write memory that
 * is not theirs. Callers in the package pass what fits; these checks make any other
 * caller get a ValueError (OutOfRange, also an IndexError, for a number that names no
 * key) instead. */
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
