/* The compiled search kernel: indel distances (_kernels_indel.c), which re-ranking and
 * window scans rule most keys out with.
 *
 * There were three more: a one-pass count of a window's posting lists, the
 * missing-gram bound beside it, and a helper thread spinning between calls to run
 * them on two cores. Measured end to end (bench/kernels_bench.py, whole searches at
 * 100k units, every query under every configuration in turn) they bought 1.0x (count
 * and bound together, mean and p95) and 1.05x (the helper, mean; and on a busy
 * two-core machine its spinning slowed the short searches), so they went: numpy counts
 * the lists, and Python's thread pool runs two halves of a long scan through this
 * kernel, which releases the GIL.
 *
 * The kernel checks its arguments before it reads a buffer (_kernels_args.c), and
 * touches Python objects only while it holds the GIL.
 */
#include "_kernels.h"


static PyMethodDef methods[] = {
    {"indel_distances", kernels_indel_distances, METH_VARARGS,
     "indel_distances(keys, query, docs, limits) -> bytes of int32: the indel (LCS) "
     "distance of the query to keys[d] for each d of docs (int64), or limit + 1 where it is "
     "more than that doc's limit (limits: int64, one per doc, or empty for none); the GIL "
     "released while it compares."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) {
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (!kernels_out_of_range) {  /* a number that names no row or key: both kinds of error */
        PyObject *bases = PyTuple_Pack(2, PyExc_IndexError, PyExc_ValueError);
        if (!bases) goto fail;
        kernels_out_of_range = PyErr_NewExceptionWithDoc(
            "glossary.tm._kernels.OutOfRange",
            "A doc or position that names no key or row (an IndexError and a ValueError).",
            bases, NULL);
        Py_DECREF(bases);
        if (!kernels_out_of_range) goto fail;
    }
    Py_INCREF(kernels_out_of_range);
    if (PyModule_AddObject(m, "OutOfRange", kernels_out_of_range) < 0) {
        Py_DECREF(kernels_out_of_range);
        goto fail;
    }
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
