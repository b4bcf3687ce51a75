/* The loops of a TM search over a large window of docs that numpy cannot do in one
 * pass: the missing-gram bound, the count of shared grams (English trigrams, Chinese
 * characters), and the indel distances of the candidates that pass (at the end).
 *
 * A q-gram of the query that a doc lacks altogether must contain an edit, and one
 * edit lies inside at most q consecutive grams, so the fewest points that hit all
 * the missing grams' position intervals (found greedily, left to right) is a lower
 * bound on the edit distance. At 75% it rules out most of the docs that the count of
 * shared grams lets through: unrelated sentences of a common vocabulary share many
 * grams, but the ones they miss are spread along the query.
 *
 * The greedy pass is serial along the query, so numpy cannot run it; here it runs
 * for 64 docs at once, one bit each, and the GIL is released while it does.
 *
 * count_window is the count those docs come from: every posting list of a window
 * added in one pass, where numpy would make a pass per list; it computes the bound
 * too, for the docs that pass, from the words it has just read. stab_counts is the
 * bound alone, for docs that a count made in numpy let through. indel_distances
 * ranks the candidates that pass.
 *
 * This file is the module; each kernel has a file of its own (_kernels.h says which).
 * Every kernel checks its arguments before it reads a buffer (_kernels_args.c), and
 * touches Python objects only while it holds the GIL.
 */
#include "_kernels.h"


static PyMethodDef methods[] = {
    {"stab_counts", kernels_stab_counts, METH_VARARGS,
     "stab_counts(rows, kinds, positions, q, words, base, found) -> bytes of uint16: for each "
     "doc of found, the fewest edits that destroy the query grams it lacks."},
    {"count_window", kernels_count_window, METH_VARARGS,
     "count_window(rows, kinds, weights, words, base, first, ends, needs, slack, found, shared, "
     "positions, q, edits, lengths, length, bar, ceilings, parts) -> int: the docs of a window "
     "whose shared-gram count plus slack reaches need, with positions their missing-gram "
     "bound, and with lengths their score ceiling (those below bar left out); in `parts` "
     "parts on two threads when more than one."},
    {"indel_distances", kernels_indel_distances, METH_VARARGS,
     "indel_distances(keys, query, docs, limits, parts) -> bytes of int32: the indel (LCS) "
     "distance of the query to keys[d] for each d of docs (int64), or limit + 1 where it is "
     "more than that doc's limit (limits: int64, one per doc, or empty for none); the GIL "
     "released, in `parts` parts on two threads when more than one."},
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
