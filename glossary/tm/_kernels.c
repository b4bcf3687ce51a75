/* The compiled search kernels: the one-pass count of a window's posting lists with the
 * missing-gram bound and score ceilings beside it (_kernels_count.c, _kernels_bound.c),
 * which serves searches at >= 75%, and indel distances (_kernels_indel.c), which
 * re-ranking and window scans rule most keys out with.
 *
 * What each buys end to end (bench/kernels_bench.py, 100k units, whole searches, every
 * query under every configuration in turn, on a busy two-core machine; off / on):
 * count_window for English at >= 75 8.4x p50, 1.2x p95, 2.1x mean, Chinese at >= 75
 * 2.0x mean (at >= 50 English is a scan it does not serve: 0.9x); indel_distances for
 * English at >= 50 1.6x p50, 1.4x p95, 1.6x mean. Two more went: stab_counts, the
 * bound alone for docs a numpy count let through (0.8-1.0x: count_window computes the
 * bound where it matters), and a helper thread that spun between calls to run them on
 * two cores (1.2x at best for English at >= 50, while on a loaded machine its spinning
 * made short searches several times slower: all-query p50 1.5 ms without it against
 * 3.5-18 ms with it). Python's thread pool now runs two halves of a long scan through
 * the indel kernel, which releases the GIL.
 *
 * Each kernel checks its arguments before it reads a buffer (_kernels_args.c), and
 * touches Python objects only while it holds the GIL.
 */
#include "_kernels.h"


static PyMethodDef methods[] = {
    {"count_window", kernels_count_window, METH_VARARGS,
     "count_window(rows, kinds, weights, words, base, first, ends, needs, slack, found, shared, "
     "positions, q, edits, lengths, length, bar, ceilings) -> int: the docs of a window "
     "whose shared-gram count plus slack reaches need, with positions their missing-gram "
     "bound, and with lengths their score ceiling (those below bar left out); the GIL "
     "released while it counts."},
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
