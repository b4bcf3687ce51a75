/* The missing-gram bound of an English TM search, for a window of docs at once.
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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* Full adder on 64 lanes: a + b + c = low + 2 * high. */
#define CSA(high, low, a, b, c)                \
    do {                                       \
        uint64_t u_ = (a) ^ (b), c_ = (c);     \
        (high) = ((a) & (b)) | (u_ & c_);      \
        (low) = u_ ^ c_;                       \
    } while (0)

/* Adds one bit per lane at digit `from` of a bit-plane counter. */
static inline void ripple(uint64_t *acc, int from, uint64_t carry, int digits) {
    int d;
    for (d = from; carry && d < digits; d++) {
        uint64_t both = acc[d] & carry;
        acc[d] ^= carry;
        carry = both;
    }
}

static int check_int64(Py_buffer *view, const char *what) {
    if (view->itemsize != 8 || view->len % 8 != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a buffer of int64", what);
        return -1;
    }
    return 0;
}

/* For docs of a window, the fewest edits that destroy every query gram the doc lacks
 * altogether (the query's side of the missing-gram bound, read off the index).
 *
 * rows[r] says which docs hold a gram: kinds[r] 0 for a bitmap of `words` 64-bit
 * words, 1 for a sorted array of int64 doc positions (bit numbers in those words).
 * positions[s] is the row of the query's gram at position s, -1 for a gram no doc
 * holds. Docs are taken 64 at a time, one bit each: per position, a doc places an
 * edit when the gram is missing and no edit of its last q - 1 positions covers it
 * (a two-bit countdown), and the edits are added up in bit planes. Returns the count
 * for each doc of `found` (sorted bit numbers) as uint16. */
static PyObject *stab_counts(PyObject *self, PyObject *args) {
    PyObject *rows, *result = NULL;
    Py_buffer kinds_view, pos_view, found_view;
    int q;
    Py_ssize_t words;
    if (!PyArg_ParseTuple(args, "O!y*y*iny*", &PyList_Type, &rows, &kinds_view, &pos_view, &q,
                          &words, &found_view))
        return NULL;
    Py_ssize_t nrows = PyList_GET_SIZE(rows), got = 0, r;
    Py_buffer *views = (Py_buffer *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_buffer));
    Py_ssize_t *cursor = (Py_ssize_t *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_ssize_t));
    uint64_t *present = (uint64_t *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(uint64_t));
    if (!views || !cursor || !present) {
        PyErr_NoMemory();
        goto done;
    }
    if (check_int64(&pos_view, "positions") < 0 || check_int64(&found_view, "found") < 0)
        goto done;
    if (kinds_view.len != nrows || q < 1 || q > 3 || words < 0) {
        PyErr_SetString(PyExc_ValueError, "one kind per row, q from 1 to 3, words >= 0");
        goto done;
    }
    const char *kinds = (const char *)kinds_view.buf;
    const int64_t *positions = (const int64_t *)pos_view.buf;
    const int64_t *found = (const int64_t *)found_view.buf;
    Py_ssize_t npos = pos_view.len / 8, nfound = found_view.len / 8, s;
    for (s = 0; s < npos; s++) {
        if (positions[s] < -1 || positions[s] >= nrows) {
            PyErr_SetString(PyExc_IndexError, "a position names no row");
            goto done;
        }
    }
    for (; got < nrows; got++) {
        if (PyObject_GetBuffer(PyList_GET_ITEM(rows, got), &views[got], PyBUF_C_CONTIGUOUS) < 0)
            goto done;
        Py_ssize_t need = kinds[got] == 0 ? words * 8 : 0;
        if (views[got].len < need || views[got].len % 8) {
            PyBuffer_Release(&views[got]);
            PyErr_SetString(PyExc_ValueError, "a row is shorter than words, or not 64-bit");
            goto done;
        }
    }
    int digits = 3;  /* the carry-save adders keep three; enough for counts up to npos */
    while (((Py_ssize_t)1 << digits) <= npos) digits++;
    result = PyBytes_FromStringAndSize(NULL, nfound * 2);
    if (!result) goto done;
    uint16_t *out = (uint16_t *)PyBytes_AS_STRING(result);
    Py_BEGIN_ALLOW_THREADS
    uint64_t acc[20];
    Py_ssize_t next = 0, w;
    while (next < nfound) {
        w = found[next] >> 6;
        if (w >= words) break;
        for (r = 0; r < nrows; r++) {
            if (kinds[r] == 0) {
                present[r] = ((const uint64_t *)views[r].buf)[w];
                continue;
            }
            const int64_t *docs = (const int64_t *)views[r].buf;
            Py_ssize_t n = views[r].len / 8, at = cursor[r];
            uint64_t bits = 0;
            while (at < n && docs[at] < (w << 6)) at++;
            while (at < n && docs[at] < ((w + 1) << 6)) bits |= (uint64_t)1 << (docs[at++] & 63);
            cursor[r] = at;
            present[r] = bits;
        }
        /* Edits are added up in bit planes: acc[d] holds digit d of each doc's count.
         * Eight positions' edits at a time go through carry-save adders into the low
         * three digits; only their eights ripple on into the higher ones (with 64
         * docs a word, a ripple nearly always runs through every digit). */
        uint64_t c1 = 0, c0 = 0, taken[8];
        memset(acc, 0, sizeof acc);
        int held = 0;
        for (s = 0; s < npos; s++) {
            int64_t row = positions[s];
            uint64_t take = ~(row >= 0 ? present[row] : 0) & ~(c1 | c0);
            if (q == 3) {
                c0 = c1 & ~take;
                c1 = take;
            } else if (q == 2) {
                c0 = take;
            }
            taken[held++] = take;
            if (held == 8) {
                uint64_t twos_a, twos_b, fours_a, fours_b, eights;
                CSA(twos_a, acc[0], acc[0], taken[0], taken[1]);
                CSA(twos_b, acc[0], acc[0], taken[2], taken[3]);
                CSA(fours_a, acc[1], acc[1], twos_a, twos_b);
                CSA(twos_a, acc[0], acc[0], taken[4], taken[5]);
                CSA(twos_b, acc[0], acc[0], taken[6], taken[7]);
                CSA(fours_b, acc[1], acc[1], twos_a, twos_b);
                CSA(eights, acc[2], acc[2], fours_a, fours_b);
                ripple(acc, 3, eights, digits);
                held = 0;
            }
        }
        int h;
        for (h = 0; h < held; h++) ripple(acc, 0, taken[h], digits);
        for (; next < nfound && (found[next] >> 6) == w; next++) {
            int bit = (int)(found[next] & 63), d;
            uint16_t count = 0;
            for (d = 0; d < digits; d++) count |= (uint16_t)(((acc[d] >> bit) & 1u) << d);
            out[next] = count;
        }
    }
    for (; next < nfound; next++) out[next] = 0;
    Py_END_ALLOW_THREADS
done:
    for (r = 0; r < got; r++) PyBuffer_Release(&views[r]);
    PyMem_Free(views);
    PyMem_Free(cursor);
    PyMem_Free(present);
    PyBuffer_Release(&kinds_view);
    PyBuffer_Release(&pos_view);
    PyBuffer_Release(&found_view);
    if (PyErr_Occurred()) Py_CLEAR(result);
    return result;
}

static PyMethodDef methods[] = {
    {"stab_counts", stab_counts, METH_VARARGS,
     "stab_counts(rows, kinds, positions, q, words, found) -> bytes of uint16: for each "
     "doc of found, the fewest edits that destroy the query grams it lacks."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
