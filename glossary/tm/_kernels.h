/* What the files of the _kernels module share: the argument checks every kernel makes
 * before it reads a buffer (_kernels_args.c) and the kernels' entry points.
 *
 * One file per purpose: _kernels.c the module, _kernels_args.c argument checks,
 * _kernels_indel.c indel distances. */
#ifndef GLOSSARY_KERNELS_H
#define GLOSSARY_KERNELS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* --- argument checks (_kernels_args.c); each sets an exception and returns -1 --- */
extern PyObject *kernels_out_of_range;  /* OutOfRange(IndexError, ValueError) */
/* obj's buffer, C-contiguous, of items of struct code `code` ('q' int64, 'H' uint16,
 * 'I' uint32, 'B' bytes), writable if asked. */
int kernels_get_buffer(PyObject *obj, Py_buffer *view, char code, int writable,
                       const char *what);

/* --- indel distances (_kernels_indel.c) --- */
PyObject *kernels_indel_distances(PyObject *self, PyObject *args);

#endif
