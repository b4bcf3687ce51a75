/* The count of shared grams (English trigrams, Chinese characters) of every doc of a
 * window, in one pass: every posting list of the window added with full adders, where
 * numpy would make a pass per list. It computes the missing-gram bound too
 * (kernels_block_bound, _kernels_bound.c), for the docs that pass, from the words it
 * has just read, and their score ceilings. */
#include "_kernels.h"

#include <stdlib.h>

/* Reduces m rows of BLOCK words (src[i][k], read where they lie) to bit planes of
 * their sum, full adders turning three rows into a sum row and a carry row for the
 * next digit. rows and spare (m rows each) hold the sums and carries; planes must
 * hold 17 * BLOCK words. Returns the number of digits. */
WIDE static int add_rows(const uint64_t *const *src, Py_ssize_t m, uint64_t *rows,
                         uint64_t *spare, uint64_t *planes) {
    int digit = 0, k;
    uint64_t *cur = rows, *next = spare;
    Py_ssize_t made = 0, kept = 0, i;
    /* the first round of the first digit reads the rows in place */
    for (i = 0; i + 2 < m; i += 3) {
        const uint64_t *x = src[i], *y = src[i + 1], *z = src[i + 2];
        uint64_t *sum = cur + kept * BLOCK, *carry = next + made * BLOCK;
        for (k = 0; k < BLOCK; k++) {
            uint64_t xy = x[k] ^ y[k];
            carry[k] = (x[k] & y[k]) | (xy & z[k]);
            sum[k] = xy ^ z[k];
        }
        kept++;
        made++;
    }
    if (m - i == 2) {
        const uint64_t *x = src[i], *y = src[i + 1];
        uint64_t *sum = cur + kept * BLOCK, *carry = next + made * BLOCK;
        for (k = 0; k < BLOCK; k++) {
            carry[k] = x[k] & y[k];
            sum[k] = x[k] ^ y[k];
        }
        kept++;
        made++;
    } else if (m - i == 1) {
        memcpy(cur + kept * BLOCK, src[i], BLOCK * sizeof(uint64_t));
        kept++;
    }
    m = kept;
    while (m > 0 && digit < 17) {
        while (m > 1) {
            kept = 0;
            for (i = 0; i + 2 < m; i += 3) {
                uint64_t *x = cur + i * BLOCK, *y = x + BLOCK, *z = y + BLOCK;
                uint64_t *sum = cur + kept * BLOCK, *carry = next + made * BLOCK;
                for (k = 0; k < BLOCK; k++) {
                    uint64_t xy = x[k] ^ y[k];
                    uint64_t c = (x[k] & y[k]) | (xy & z[k]);
                    sum[k] = xy ^ z[k];
                    carry[k] = c;
                }
                kept++;
                made++;
            }
            if (m - i == 2) {
                uint64_t *x = cur + i * BLOCK, *y = x + BLOCK;
                uint64_t *sum = cur + kept * BLOCK, *carry = next + made * BLOCK;
                for (k = 0; k < BLOCK; k++) {
                    uint64_t c = x[k] & y[k];
                    sum[k] = x[k] ^ y[k];
                    carry[k] = c;
                }
                kept++;
                made++;
            } else if (m - i == 1) {
                memmove(cur + kept * BLOCK, cur + i * BLOCK, BLOCK * sizeof(uint64_t));
                kept++;
            }
            m = kept;
        }
        memcpy(planes + digit * BLOCK, cur, BLOCK * sizeof(uint64_t));
        digit++;
        uint64_t *t = cur;
        cur = next;
        next = t;
        m = made;
        made = 0;
    }
    return digit;
}

/* Runs of docs that need the same count, read in increasing doc order. */
typedef struct {
    const int64_t *ends, *needs;
    Py_ssize_t nruns, at;
} Runs;

static int64_t need_of(Runs *runs, Py_ssize_t doc) {
    while (runs->at < runs->nruns - 1 && runs->ends[runs->at] <= doc) runs->at++;
    return runs->needs[runs->at];
}

/* The shared-gram count of every doc of a window, and which docs reach their need.
 *
 * rows[r] (kinds[r] 0: the segment's bitmap; 1: its sorted uint32 doc numbers; doc
 * `base` is bit 0 of the `words` words) holds token r with weights[r]. Bit `first` of the words is
 * the window's first doc,
 * and docs come in runs that need the same count (one run per key length): run i ends
 * before doc ends[i] (int64, increasing, the last one the window's length) and its
 * docs need needs[i], with `slack` counted for every doc.
 * Writes the docs that reach it (numbers from 0) to found and their counts to shared
 * (both as long as the window), and returns how many.
 *
 * The words of all rows are added 32 at a time with full adders into bit planes;
 * where a word's 64 docs need the same count (docs are in length order, so nearly
 * always), the planes are compared with it as bits, and only docs that pass are
 * unpacked.
 *
 * With lengths (the key length of each run; empty for none), each doc's score ceiling
 * against a query of `length` characters is written to ceilings, and docs whose
 * ceiling is below bar are left out.
 *
 * With positions (as for stab_counts; empty for none), the missing-gram bound of each
 * doc found is written to edits as well, from the same words while they are at hand:
 * computed for the words where some doc passed, which is what makes it cheaper than
 * a second pass over the rows. */
/* What count_window's parts share, and their buffers. The parts (blocks of words)
 * once ran on two threads; the helper thread went (measured: _kernels.c), and one
 * part now covers the window. */
typedef struct {
    uint64_t *vals, *spare, *listbits, *gathered;
    const uint64_t **src, **present, **gathered_at;
    ListCursor *cursor;
} CountScratch;

typedef struct {
    Py_ssize_t nrows, words, base, first, n, slack, length, bar, npos, nruns;
    Py_ssize_t lo, hi, part_blocks;
    int q, scored, bound_digits;
    const char *kinds;
    const int64_t *weights, *positions, *ends, *needs, *lengths;
    Py_buffer *views;
    int64_t *found;
    uint16_t *shared, *edits, *ceilings;
    Py_ssize_t *part_found;  /* per part: how many it found, written from its first doc on */
    CountScratch scratch[1];
} CountJob;

/* The doc number (from the window's first) that a part's results are written from. */
static Py_ssize_t part_first_doc(const CountJob *job, Py_ssize_t part) {
    Py_ssize_t d = ((job->lo + part * job->part_blocks * BLOCK) << 6) - job->first;
    return d < 0 ? 0 : d;
}

/* One part of count_window: the blocks from lo + part * part_blocks on. */
static void count_part(void *ctx, Py_ssize_t part, int thread) {
    CountJob *job = (CountJob *)ctx;
    CountScratch *sc = &job->scratch[thread];
    const Py_ssize_t nrows = job->nrows, words = job->words, base = job->base, first = job->first,
                     n = job->n, slack = job->slack, length = job->length, bar = job->bar,
                     npos = job->npos, hi = job->hi;
    const int q = job->q, scored = job->scored, bound_digits = job->bound_digits;
    const char *kinds = job->kinds;
    const int64_t *weights = job->weights, *positions = job->positions, *lengths = job->lengths;
    Runs at_pass = {job->ends, job->needs, job->nruns, 0}, at_lane = {job->ends, job->needs, job->nruns, 0};
    Py_ssize_t from_w = job->lo + part * job->part_blocks * BLOCK;
    Py_ssize_t to_w = from_w + job->part_blocks * BLOCK < hi ? from_w + job->part_blocks * BLOCK : hi;
    Py_ssize_t out0 = part_first_doc(job, part), nfound = out0, r, w0;
    int64_t *found = job->found;
    uint16_t *shared = job->shared, *edits = job->edits, *ceilings = job->ceilings;
    uint64_t planes[17 * BLOCK], bound[BOUND_DIGITS * BLOCK];
    for (r = 0; r < nrows; r++)
        if (kinds[r] == 1) list_start(&sc->cursor[r], &job->views[r], base + (from_w << 6));
    for (w0 = from_w; w0 < to_w; w0 += BLOCK) {
        Py_ssize_t m = 0, k;
        /* the rows are read side by side, more streams than the processor follows on
         * its own: each bitmap's words and each list's docs of a later block are asked
         * for now, so they are at hand when that block comes */
        Py_ssize_t ahead = w0 + PREFETCH_BLOCKS * BLOCK;
        for (r = 0; r < nrows; r++) {
            if (kinds[r] == 1) {
                const ListCursor *c = &sc->cursor[r];
                if (c->at + 16 < c->len) __builtin_prefetch(c->docs + c->at + 16);
            } else if (ahead + BLOCK <= words) {
                const char *at = (const char *)((const uint64_t *)job->views[r].buf + (base >> 6) + ahead);
                for (k = 0; k < BLOCK * 8; k += 64) __builtin_prefetch(at + k);
            }
        }
        for (r = 0; r < nrows; r++) {
            /* a bitmap's words are read where they lie, but for its last block (no
             * words past its end); a list's are drawn in a buffer of its own */
            const uint64_t *row;
            uint64_t *own = sc->listbits + r * BLOCK;
            if (kinds[r] == 1) {
                list_words(&sc->cursor[r], base + (w0 << 6), BLOCK, own);
                row = own;
            } else if (w0 + BLOCK <= words) {
                row = (const uint64_t *)job->views[r].buf + (base >> 6) + w0;
            } else {
                memset(own, 0, BLOCK * sizeof(uint64_t));
                memcpy(own, (const uint64_t *)job->views[r].buf + (base >> 6) + w0,
                       (size_t)(words - w0) * sizeof(uint64_t));
                row = own;
            }
            sc->present[r] = row;
            int64_t wgt;
            for (wgt = 0; wgt < weights[r]; wgt++) sc->src[m++] = row;
        }
        int digits = add_rows(sc->src, m, sc->vals, sc->spare, planes);
        /* which docs of each word pass the count */
        uint64_t pass[BLOCK];
        char same[BLOCK];
        uint64_t any = 0;
        for (k = 0; k < BLOCK; k++) {
            pass[k] = 0;
            same[k] = 1;
            if (w0 + k >= hi) continue;
            Py_ssize_t base = ((w0 + k) << 6) - first;  /* doc number of bit 0 */
            Py_ssize_t from = base < 0 ? -base : 0, to = base + 64 > n ? n - base : 64;
            if (from >= to) continue;
            int64_t want = need_of(&at_pass, base + from) - slack, d;
            same[k] = at_pass.ends[at_pass.at] >= base + to;  /* one run holds the word */
            if (same[k]) {
                /* lanes whose count >= want, digit by digit from the top */
                uint64_t greater = 0, equal = ~(uint64_t)0;
                if (want <= 0) {
                    pass[k] = ~(uint64_t)0;
                } else if (want >= ((int64_t)1 << digits)) {
                    pass[k] = 0;
                } else {
                    for (d = digits - 1; d >= 0; d--) {
                        uint64_t plane = planes[d * BLOCK + k];
                        if ((want >> d) & 1) {
                            equal &= plane;
                        } else {
                            greater |= equal & plane;
                            equal &= ~plane;
                        }
                    }
                    pass[k] = greater | equal;
                }
            } else {
                pass[k] = ~(uint64_t)0;  /* decided lane by lane below */
            }
            if (from > 0) pass[k] &= ~(uint64_t)0 << from;
            if (to < 64) pass[k] &= ((uint64_t)1 << to) - 1;
            any |= pass[k];
        }
        /* the missing-gram bound of the words where a doc passed, gathered side by
         * side when they are few (in a large window most words have none, and the
         * bound costs several times the count of a word) */
        int slot[BLOCK], sel[BLOCK], width = 0, j;
        if (any && npos) {
            for (k = 0; k < BLOCK; k++) {
                slot[k] = width;
                sel[width] = (int)k;
                width += pass[k] != 0;
            }
            if (width > BLOCK / 2) {
                for (k = 0; k < BLOCK; k++) slot[k] = (int)k;
                kernels_block_bound(sc->present, positions, npos, q, bound_digits, BLOCK, bound);
            } else {
                for (r = 0; r < nrows; r++) {
                    uint64_t *dst = sc->gathered + r * BLOCK;
                    const uint64_t *row = sc->present[r];
                    for (j = 0; j < width; j++) dst[j] = row[sel[j]];
                    sc->gathered_at[r] = dst;
                }
                kernels_block_bound(sc->gathered_at, positions, npos, q, bound_digits, width, bound);
            }
        }
        for (k = 0; k < BLOCK; k++) {
            Py_ssize_t base = ((w0 + k) << 6) - first;
            uint64_t lanes = pass[k];
            int d;
            while (lanes) {
                int lane = __builtin_ctzll(lanes);
                lanes &= lanes - 1;
                uint16_t count = 0;
                for (d = 0; d < digits; d++)
                    count |= (uint16_t)(((planes[d * BLOCK + k] >> lane) & 1u) << d);
                int64_t need = need_of(&at_lane, base + lane);  /* at_lane.at: its run */
                if (!same[k] && count + slack < need) continue;
                uint16_t missing = 0;
                if (npos)
                    for (d = 0; d < bound_digits; d++)
                        missing |= (uint16_t)(((bound[d * BLOCK + slot[k]] >> lane) & 1u) << d);
                if (scored) {
                    /* the score ceiling, as tm_grams.score_ceiling and the bound give it:
                     * the fewest edits the length difference, the shared grams and the
                     * missing ones each call for, the most of the three */
                    int64_t l = lengths[at_lane.at], longest = l > length ? l : length;
                    int64_t short_of = longest - q + 1 - (count + slack);
                    int64_t fewest = short_of > 0 ? (short_of + q - 1) / q : 0;
                    int64_t apart = l > length ? l - length : length - l;
                    if (apart > fewest) fewest = apart;
                    if (missing > fewest) fewest = missing;
                    int64_t ceiling = (100 * (longest - fewest)) / longest;
                    if (ceiling < bar) continue;
                    ceilings[nfound] = (uint16_t)(ceiling < 0 ? 0 : ceiling);
                }
                found[nfound] = base + lane;
                shared[nfound] = count;
                if (npos) edits[nfound] = missing;
                nfound++;
            }
        }
    }
    job->part_found[part] = nfound - out0;
}

static void free_scratch(CountScratch *sc) {
    PyMem_RawFree(sc->vals);
    PyMem_RawFree(sc->spare);
    PyMem_RawFree(sc->listbits);
    PyMem_RawFree(sc->gathered);
    PyMem_RawFree(sc->src);
    PyMem_RawFree(sc->present);
    PyMem_RawFree(sc->gathered_at);
    PyMem_RawFree(sc->cursor);
}

static int alloc_scratch(CountScratch *sc, Py_ssize_t nrows, Py_ssize_t inputs) {
    size_t rows = (size_t)nrows + 1, ins = (size_t)inputs + 1;
    sc->vals = (uint64_t *)PyMem_RawMalloc(sizeof(uint64_t) * ins * BLOCK);
    sc->spare = (uint64_t *)PyMem_RawMalloc(sizeof(uint64_t) * ins * BLOCK);
    sc->listbits = (uint64_t *)PyMem_RawMalloc(sizeof(uint64_t) * rows * BLOCK);
    sc->gathered = (uint64_t *)PyMem_RawMalloc(sizeof(uint64_t) * rows * BLOCK);
    sc->src = (const uint64_t **)PyMem_RawMalloc(sizeof(uint64_t *) * ins);
    sc->present = (const uint64_t **)PyMem_RawMalloc(sizeof(uint64_t *) * rows);
    sc->gathered_at = (const uint64_t **)PyMem_RawMalloc(sizeof(uint64_t *) * rows);
    sc->cursor = (ListCursor *)PyMem_RawCalloc(rows, sizeof(ListCursor));
    return sc->vals && sc->spare && sc->listbits && sc->gathered && sc->src && sc->present &&
           sc->gathered_at && sc->cursor;
}

PyObject *kernels_count_window(PyObject *self, PyObject *args) {
    PyObject *rows_arg, *kinds_arg, *weights_arg, *ends_arg, *needs_arg, *found_arg, *shared_arg,
        *pos_arg, *edits_arg, *lengths_arg, *ceilings_arg, *rows = NULL;
    Py_buffer kinds_view = {0}, weights_view = {0}, ends_view = {0}, needs_view = {0},
              found_view = {0}, shared_view = {0}, pos_view = {0}, edits_view = {0},
              lengths_view = {0}, ceilings_view = {0};
    Py_buffer *views = NULL;
    Py_ssize_t words, base, first, slack, length, bar, parts = 1;  /* one thread: one part */
    Py_ssize_t nrows = 0, got = 0, r, inputs = 0, nfound = -1, i;
    int q;
    CountJob job;
    memset(&job, 0, sizeof job);
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOnnnOOnOOOiOOnnO", &rows_arg, &kinds_arg, &weights_arg,
                          &words, &base, &first, &ends_arg, &needs_arg, &slack, &found_arg,
                          &shared_arg, &pos_arg, &q, &edits_arg, &lengths_arg, &length, &bar,
                          &ceilings_arg))
        return NULL;
    if (kernels_get_buffer(kinds_arg, &kinds_view, 'B', 0, "kinds") < 0 ||
        kernels_get_buffer(weights_arg, &weights_view, 'q', 0, "weights") < 0 ||
        kernels_get_buffer(ends_arg, &ends_view, 'q', 0, "ends") < 0 ||
        kernels_get_buffer(needs_arg, &needs_view, 'q', 0, "needs") < 0 ||
        kernels_get_buffer(found_arg, &found_view, 'q', 1, "found") < 0 ||
        kernels_get_buffer(shared_arg, &shared_view, 'H', 1, "shared") < 0 ||
        kernels_get_buffer(pos_arg, &pos_view, 'q', 0, "positions") < 0 ||
        kernels_get_buffer(edits_arg, &edits_view, 'H', 1, "edits") < 0 ||
        kernels_get_buffer(lengths_arg, &lengths_view, 'q', 0, "lengths") < 0 ||
        kernels_get_buffer(ceilings_arg, &ceilings_view, 'H', 1, "ceilings") < 0)
        goto done;
    if (!(rows = kernels_rows_tuple(rows_arg, kinds_view.len))) goto done;
    if (kernels_check_window(words, base) < 0) goto done;
    nrows = PyTuple_GET_SIZE(rows);
    Py_ssize_t nruns = ends_view.len / 8, npos = pos_view.len / 8, n = 0;
    int scored = lengths_view.len > 0;  /* ceilings asked for, and docs below bar left out */
    const int64_t *ends = (const int64_t *)ends_view.buf;
    const int64_t *needs = (const int64_t *)needs_view.buf;
    if (first < 0 || first > words * 64) {
        PyErr_SetString(PyExc_ValueError, "count_window: first must lie inside the words");
        goto done;
    }
    for (i = 0; i < nruns; i++) {
        if (ends[i] < n || ends[i] > words * 64 - first) {
            PyErr_SetString(PyExc_ValueError,
                            "count_window: run ends must not decrease, nor pass the words");
            goto done;
        }
        n = ends[i];
    }
    if (needs_view.len != ends_view.len || weights_view.len / 8 != nrows) {
        PyErr_SetString(PyExc_ValueError, "count_window: one need per run, one weight per row");
        goto done;
    }
    for (i = 0; i < nruns; i++) {
        if (needs[i] < -((int64_t)1 << 40) || needs[i] > ((int64_t)1 << 41)) {
            PyErr_SetString(PyExc_ValueError, "count_window: a need is out of range");
            goto done;
        }
    }
    if (found_view.len / 8 < n || shared_view.len / 2 < n ||
        (npos && edits_view.len / 2 < n) || (scored && ceilings_view.len / 2 < n)) {
        PyErr_SetString(PyExc_ValueError,
                        "count_window: found, shared, edits and ceilings must hold the window");
        goto done;
    }
    if (slack < 0 || slack > MAX_POSITIONS || ((npos || scored) && (q < 1 || q > 3))) {
        PyErr_SetString(PyExc_ValueError, "count_window: slack from 0 to 65535, q from 1 to 3");
        goto done;
    }
    const int64_t *lengths = (const int64_t *)lengths_view.buf;
    if (scored) {
        if (lengths_view.len != ends_view.len || length < 1 || length > ((Py_ssize_t)1 << 31)) {
            PyErr_SetString(PyExc_ValueError,
                            "count_window: one length per run, and a length from 1 to 2**31");
            goto done;
        }
        for (i = 0; i < nruns; i++) {
            if (lengths[i] < 0 || lengths[i] > ((int64_t)1 << 31)) {
                PyErr_SetString(PyExc_ValueError, "count_window: a run length is out of range");
                goto done;
            }
        }
    }
    const char *kinds = (const char *)kinds_view.buf;
    const int64_t *weights = (const int64_t *)weights_view.buf;
    const int64_t *positions = (const int64_t *)pos_view.buf;
    if (kernels_check_positions(positions, npos, nrows) < 0) goto done;
    int64_t total = 0;
    for (r = 0; r < nrows; r++) {
        if (weights[r] < 0 || weights[r] > 65535) {
            PyErr_SetString(PyExc_ValueError, "weights must be from 0 to 65535");
            goto done;
        }
        total += weights[r];
    }
    if (total > 65535) {
        PyErr_SetString(PyExc_ValueError, "weights add up to more than 65535");
        goto done;
    }
    inputs = (Py_ssize_t)total;
    views = (Py_buffer *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_buffer));
    if (!views) {
        PyErr_NoMemory();
        goto done;
    }
    for (; got < nrows; got++)
        if (kernels_get_row(PyTuple_GET_ITEM(rows, got), &views[got], kinds[got], words, base) < 0)
            goto done;
    job.nrows = nrows;
    job.words = words;
    job.base = base;
    job.first = first;
    job.n = n;
    job.slack = slack;
    job.length = length;
    job.bar = bar;
    job.npos = npos;
    job.nruns = nruns;
    job.q = q;
    job.scored = scored;
    job.kinds = kinds;
    job.weights = weights;
    job.positions = positions;
    job.ends = ends;
    job.needs = (const int64_t *)needs_view.buf;
    job.lengths = (const int64_t *)lengths_view.buf;
    job.views = views;
    job.found = (int64_t *)found_view.buf;
    job.shared = (uint16_t *)shared_view.buf;
    job.edits = (uint16_t *)edits_view.buf;
    job.ceilings = (uint16_t *)ceilings_view.buf;
    job.bound_digits = 3;  /* the adders of block_bound keep three; enough for npos */
    while (((Py_ssize_t)1 << job.bound_digits) <= npos) job.bound_digits++;
    job.lo = first >> 6;
    job.hi = n ? (first + n + 63) >> 6 : job.lo;  /* no runs: nothing to read */
    Py_ssize_t blocks = (job.hi - job.lo + BLOCK - 1) / BLOCK;
    if (parts > blocks) parts = blocks > 0 ? blocks : 1;
    job.part_blocks = (blocks + parts - 1) / parts;
    if (job.part_blocks < 1) job.part_blocks = 1;
    parts = (blocks + job.part_blocks - 1) / job.part_blocks;
    if (parts < 1) parts = 1;
    job.part_found = (Py_ssize_t *)PyMem_Calloc((size_t)parts, sizeof(Py_ssize_t));
    int threads = 1, t;
    if (!job.part_found) {
        PyErr_NoMemory();
        goto done;
    }
    for (t = 0; t < threads; t++) {
        if (!alloc_scratch(&job.scratch[t], nrows, inputs)) {
            PyErr_NoMemory();
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    if (blocks > 0) count_part(&job, 0, 0);
    /* each part wrote from its first doc on; closed up here, in doc order */
    nfound = 0;
    Py_ssize_t part;
    for (part = 0; part < (blocks > 0 ? parts : 0); part++) {
        Py_ssize_t at = part_first_doc(&job, part), c = job.part_found[part];
        if (at != nfound && c) {
            memmove(job.found + nfound, job.found + at, (size_t)c * sizeof(int64_t));
            memmove(job.shared + nfound, job.shared + at, (size_t)c * sizeof(uint16_t));
            if (npos) memmove(job.edits + nfound, job.edits + at, (size_t)c * sizeof(uint16_t));
            if (scored) memmove(job.ceilings + nfound, job.ceilings + at, (size_t)c * sizeof(uint16_t));
        }
        nfound += c;
    }
    Py_END_ALLOW_THREADS
done:
    for (r = 0; r < got; r++) PyBuffer_Release(&views[r]);
    PyMem_Free(views);
    free_scratch(&job.scratch[0]);
    PyMem_Free(job.part_found);
    Py_XDECREF(rows);
    Py_buffer *all[] = {&kinds_view, &weights_view, &ends_view, &needs_view, &found_view,
                        &shared_view, &pos_view, &edits_view, &lengths_view, &ceilings_view};
    for (i = 0; i < (Py_ssize_t)(sizeof all / sizeof *all); i++)
        if (all[i]->obj) PyBuffer_Release(all[i]);
    if (nfound < 0) return NULL;
    return PyLong_FromSsize_t(nfound);
}

