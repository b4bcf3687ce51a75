/* The missing-gram bound: for docs of a window, the fewest edits that destroy every
 * query gram the doc lacks altogether.
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
 * kernels_block_bound serves count_window too (_kernels_count.c), for the docs its
 * count lets through; stab_counts is the bound alone, for docs that a count made in
 * numpy let through. */
#include "_kernels.h"

/* The missing-gram bound (as in stab_counts) of the first `width` (at most BLOCK) words
 * of docs whose row words are present[r][k], into bit planes out[d * BLOCK + k]; each
 * step runs over those words together, so the compiler makes vector code of it. */
WIDE void kernels_block_bound(const uint64_t *const *present, const int64_t *positions,
                             Py_ssize_t npos, int q, int digits, int width, uint64_t *out) {
    static const uint64_t none[BLOCK];
    uint64_t c1[BLOCK], c0[BLOCK], taken[8][BLOCK];
    Py_ssize_t s;
    int k, d, held = 0;
    memset(c1, 0, sizeof c1);
    memset(c0, 0, sizeof c0);
    memset(out, 0, (size_t)digits * BLOCK * sizeof(uint64_t));
    for (s = 0; s < npos; s++) {
        const uint64_t *pr = positions[s] >= 0 ? present[positions[s]] : none;
        uint64_t *t = taken[held];
        for (k = 0; k < width; k++) {
            uint64_t take = ~pr[k] & ~(c1[k] | c0[k]);
            if (q == 3) {
                c0[k] = c1[k] & ~take;
                c1[k] = take;
            } else if (q == 2) {
                c0[k] = take;
            }
            t[k] = take;
        }
        if (++held == 8) {
            for (k = 0; k < width; k++) {
                uint64_t twos_a, twos_b, fours_a, fours_b, eights, a0 = out[k], a1 = out[BLOCK + k],
                         a2 = out[2 * BLOCK + k];
                CSA(twos_a, a0, a0, taken[0][k], taken[1][k]);
                CSA(twos_b, a0, a0, taken[2][k], taken[3][k]);
                CSA(fours_a, a1, a1, twos_a, twos_b);
                CSA(twos_a, a0, a0, taken[4][k], taken[5][k]);
                CSA(twos_b, a0, a0, taken[6][k], taken[7][k]);
                CSA(fours_b, a1, a1, twos_a, twos_b);
                CSA(eights, a2, a2, fours_a, fours_b);
                out[k] = a0;
                out[BLOCK + k] = a1;
                out[2 * BLOCK + k] = a2;
                for (d = 3; d < digits && eights; d++) {
                    uint64_t both = out[d * BLOCK + k] & eights;
                    out[d * BLOCK + k] ^= eights;
                    eights = both;
                }
            }
            held = 0;
        }
    }
    int h;
    for (h = 0; h < held; h++) {
        for (k = 0; k < width; k++) {
            uint64_t carry = taken[h][k];
            for (d = 0; d < digits && carry; d++) {
                uint64_t both = out[d * BLOCK + k] & carry;
                out[d * BLOCK + k] ^= carry;
                carry = both;
            }
        }
    }
}

/* For docs of a window, the fewest edits that destroy every query gram the doc lacks
 * altogether (the query's side of the missing-gram bound, read off the index).
 *
 * rows[r] says which docs hold a gram: kinds[r] 0 for the segment's bitmap, 1 for
 * its sorted uint32 doc numbers; doc `base` is bit 0 of the `words` words.
 * positions[s] is the row of the query's gram at position s, -1 for a gram no doc
 * holds. Docs are taken 64 at a time, one bit each: per position, a doc places an
 * edit when the gram is missing and no edit of its last q - 1 positions covers it
 * (a two-bit countdown), and the edits are added up in bit planes. Returns the count
 * for each doc of `found` (sorted bit numbers) as uint16. */
PyObject *kernels_stab_counts(PyObject *self, PyObject *args) {
    PyObject *rows_arg, *kinds_arg, *pos_arg, *found_arg, *rows = NULL, *result = NULL;
    Py_buffer kinds_view = {0}, pos_view = {0}, found_view = {0};
    Py_buffer *views = NULL;
    ListCursor *cursor = NULL;
    uint64_t *present = NULL;
    const uint64_t **rowp = NULL;
    Py_ssize_t *wlist = NULL;
    int q;
    Py_ssize_t words, base, nrows = 0, got = 0, r;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOinnO", &rows_arg, &kinds_arg, &pos_arg, &q, &words, &base,
                          &found_arg))
        return NULL;
    if (kernels_get_buffer(kinds_arg, &kinds_view, 'B', 0, "kinds") < 0) goto done;
    if (kernels_get_buffer(pos_arg, &pos_view, 'q', 0, "positions") < 0) goto done;
    if (kernels_get_buffer(found_arg, &found_view, 'q', 0, "found") < 0) goto done;
    if (!(rows = kernels_rows_tuple(rows_arg, kinds_view.len))) goto done;
    if (kernels_check_window(words, base) < 0) goto done;
    if (q < 1 || q > 3) {
        PyErr_SetString(PyExc_ValueError, "q must be 1, 2 or 3");
        goto done;
    }
    nrows = PyTuple_GET_SIZE(rows);
    const char *kinds = (const char *)kinds_view.buf;
    const int64_t *positions = (const int64_t *)pos_view.buf;
    const int64_t *found = (const int64_t *)found_view.buf;
    Py_ssize_t npos = pos_view.len / 8, nfound = found_view.len / 8, s;
    if (kernels_check_positions(positions, npos, nrows) < 0) goto done;
    for (s = 0; s < nfound; s++) {  /* bit numbers, read as word offsets into the rows */
        if (found[s] < 0 || (s && found[s] < found[s - 1])) {
            PyErr_SetString(PyExc_ValueError, "found must be bit numbers >= 0, increasing");
            goto done;
        }
    }
    views = (Py_buffer *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_buffer));
    cursor = (ListCursor *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(ListCursor));
    present = (uint64_t *)PyMem_Calloc((size_t)(nrows ? nrows : 1) * BLOCK, sizeof(uint64_t));
    rowp = (const uint64_t **)PyMem_Malloc(sizeof(uint64_t *) * (size_t)(nrows ? nrows : 1));
    wlist = (Py_ssize_t *)PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nfound + 1));
    if (!views || !cursor || !present || !rowp || !wlist) {
        PyErr_NoMemory();
        goto done;
    }
    for (; got < nrows; got++) {
        if (kernels_get_row(PyTuple_GET_ITEM(rows, got), &views[got], kinds[got], words, base) < 0)
            goto done;
        if (kinds[got] == 1)  /* from the first word that holds a doc of found */
            list_start(&cursor[got], &views[got], base + (nfound ? (found[0] & ~(int64_t)63) : 0));
    }
    int digits = 3;  /* the adders of block_bound keep three; enough for counts up to npos */
    while (((Py_ssize_t)1 << digits) <= npos) digits++;
    result = PyBytes_FromStringAndSize(NULL, nfound * 2);
    if (!result) goto done;
    uint16_t *out = (uint16_t *)PyBytes_AS_STRING(result);
    Py_BEGIN_ALLOW_THREADS
    uint64_t planes[BOUND_DIGITS * BLOCK];
    /* only the words that hold a doc of found, BLOCK of them at a time */
    Py_ssize_t next = 0, nw = 0, g;
    int k, d;
    for (next = 0; next < nfound; next++) {
        Py_ssize_t w = found[next] >> 6;
        if (w >= words) break;
        if (nw == 0 || wlist[nw - 1] != w) wlist[nw++] = w;
    }
    for (r = 0; r < nrows; r++) rowp[r] = present + r * BLOCK;
    next = 0;
    for (g = 0; g < nw; g += BLOCK) {
        Py_ssize_t nb = nw - g < BLOCK ? nw - g : BLOCK;
        for (r = 0; r < nrows; r++) {
            uint64_t *dst = present + r * BLOCK;
            memset(dst, 0, BLOCK * sizeof(uint64_t));
            if (kinds[r] == 0) {
                const uint64_t *row = (const uint64_t *)views[r].buf + (base >> 6);
                for (k = 0; k < nb; k++) dst[k] = row[wlist[g + k]];
            } else {
                for (k = 0; k < nb; k++) list_words(&cursor[r], base + (wlist[g + k] << 6), 1, dst + k);
            }
        }
        kernels_block_bound(rowp, positions, npos, q, digits, BLOCK, planes);
        for (k = 0; k < nb; k++) {
            for (; next < nfound && (found[next] >> 6) == wlist[g + k]; next++) {
                int bit = (int)(found[next] & 63);
                uint16_t count = 0;
                for (d = 0; d < digits; d++)
                    count |= (uint16_t)(((planes[d * BLOCK + k] >> bit) & 1u) << d);
                out[next] = count;
            }
        }
    }
    for (; next < nfound; next++) out[next] = 0;  /* past the words: no grams to miss */
    Py_END_ALLOW_THREADS
done:
    for (r = 0; r < got; r++) PyBuffer_Release(&views[r]);
    PyMem_Free(views);
    PyMem_Free(cursor);
    PyMem_Free(present);
    PyMem_Free(rowp);
    PyMem_Free(wlist);
    Py_XDECREF(rows);
    if (kinds_view.obj) PyBuffer_Release(&kinds_view);
    if (pos_view.obj) PyBuffer_Release(&pos_view);
    if (found_view.obj) PyBuffer_Release(&found_view);
    if (PyErr_Occurred()) Py_CLEAR(result);
    return result;
}

