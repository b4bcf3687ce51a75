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
 * bound alone, for docs that a count made in numpy let through.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

/* The adders' loops run on 64-bit words side by side; where the processor has AVX2
 * they take four at a time instead of two, chosen when the module loads. */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE __attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/* A kernel call may run in parts on two threads: the calling one and a helper thread
 * of this module's own. Python's thread pool took 0.1-0.2 ms to hand two halves out
 * and back, and a sleeping thread wakes late on this kind of machine, which ate most of
 * what the second core gave. The helper stays awake (spinning) for half a millisecond
 * after each job, which covers the next kernel call of the same search, and then
 * sleeps. Parts are claimed from a shared counter, so when the helper is late the
 * calling thread simply does more of them, and a call is never much slower than doing
 * them all itself. Only one call at a time has the helper; another one meanwhile does
 * its parts alone. */

typedef void (*PartFn)(void *ctx, Py_ssize_t part, int thread);

typedef struct {
    PartFn fn;
    void *ctx;
    Py_ssize_t nparts;
    atomic_long next;
    atomic_int helper_done;
} Job;

#define SPIN_NS 500000  /* how long the helper waits awake for the next job (longer slowed
                         * the Python around the calls, at 10k units by 5-15%) */

static pthread_mutex_t helper_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t helper_cond = PTHREAD_COND_INITIALIZER;
static _Atomic(Job *) posted = NULL;
static atomic_int helper_asleep = 0;
static atomic_int helper_busy = 0; /* a call holds the helper */
static int helper_state = 0;       /* 1 running, -1 not possible; read and set holding busy */
static pid_t helper_pid = 0;       /* the process it runs in (a forked child has none) */

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void run_job(Job *job, int thread) {
    Py_ssize_t part;
    while ((part = (Py_ssize_t)atomic_fetch_add(&job->next, 1)) < job->nparts)
        job->fn(job->ctx, part, thread);
}

static void *helper_main(void *unused) {
    (void)unused;
    for (;;) {
        Job *job = NULL;
        int64_t until = now_ns() + SPIN_NS;
        unsigned spins = 0;
        for (;;) {
            if (atomic_load_explicit(&posted, memory_order_relaxed) &&
                (job = atomic_exchange(&posted, NULL)))
                break;
            if ((++spins & 1023) == 0 && now_ns() > until) break;
            cpu_relax();
        }
        if (!job) {
            pthread_mutex_lock(&helper_mutex);
            atomic_store(&helper_asleep, 1);
            while (!(job = atomic_exchange(&posted, NULL)))
                pthread_cond_wait(&helper_cond, &helper_mutex);
            atomic_store(&helper_asleep, 0);
            pthread_mutex_unlock(&helper_mutex);
        }
        run_job(job, 1);
        atomic_store(&job->helper_done, 1); /* the job is never touched after this */
    }
    return NULL;
}

/* The processors this process may run on (fewer than the machine's under taskset or
 * a container's cpuset). */
static long usable_cpus(void) {
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
#endif
    return sysconf(_SC_NPROCESSORS_ONLN);
}

/* Whether this process has the helper, starting it on first use (again in a forked
 * child, whose copy of the state names a thread it does not have). Called holding busy. */
static int helper_ready(void) {
    pid_t pid = getpid();
    if (helper_pid == pid) return helper_state == 1;
    helper_pid = pid;
    helper_state = -1;
    if (usable_cpus() < 2) return 0; /* spinning would take the only core */
    pthread_mutex_init(&helper_mutex, NULL);
    pthread_cond_init(&helper_cond, NULL);
    atomic_store(&posted, NULL);
    atomic_store(&helper_asleep, 0);
    pthread_t thread;
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return 0;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, helper_main, NULL) == 0) helper_state = 1;
    pthread_attr_destroy(&attr);
    return helper_state == 1;
}

/* fn(ctx, part, thread) for every part, thread 0 (the caller) or 1 (the helper), each
 * part once; returns when all are done. Call without the GIL. */
static void run_parts(PartFn fn, void *ctx, Py_ssize_t nparts) {
    Job job;
    job.fn = fn;
    job.ctx = ctx;
    job.nparts = nparts;
    atomic_init(&job.next, 0);
    atomic_init(&job.helper_done, 0);
    int free_ = 0;
    if (nparts < 2 || !atomic_compare_exchange_strong(&helper_busy, &free_, 1)) {
        run_job(&job, 0);
        return;
    }
    if (!helper_ready()) {
        atomic_store(&helper_busy, 0);
        run_job(&job, 0);
        return;
    }
    atomic_store(&posted, &job);
    if (atomic_load(&helper_asleep)) {
        pthread_mutex_lock(&helper_mutex);
        pthread_cond_signal(&helper_cond);
        pthread_mutex_unlock(&helper_mutex);
    }
    run_job(&job, 0);
    Job *mine = &job;
    /* taken back if the helper never came; else it is on its last part */
    if (!atomic_compare_exchange_strong(&posted, &mine, NULL))
        while (!atomic_load(&job.helper_done)) cpu_relax();
    atomic_store(&helper_busy, 0);
}

/* Full adder on 64 lanes: a + b + c = low + 2 * high. */
#define CSA(high, low, a, b, c)                \
    do {                                       \
        uint64_t u_ = (a) ^ (b), c_ = (c);     \
        (high) = ((a) & (b)) | (u_ & c_);      \
        (low) = u_ ^ c_;                       \
    } while (0)

#define BLOCK 32  /* words of every row taken at a time by the kernels */
#define PREFETCH_BLOCKS 2  /* blocks ahead that count_window asks memory for */

/* A sorted list of uint32 doc numbers, read a word's worth of docs at a time in
 * increasing order. */
typedef struct {
    const uint32_t *docs;
    Py_ssize_t len, at;
} ListCursor;

static void list_start(ListCursor *c, const Py_buffer *view, int64_t from) {
    Py_ssize_t lo = 0, hi = view->len / 4;
    c->docs = (const uint32_t *)view->buf;
    c->len = hi;
    while (lo < hi) {  /* the first doc >= from */
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if ((int64_t)c->docs[mid] < from) lo = mid + 1; else hi = mid;
    }
    c->at = lo;
}

/* Bits of the docs in [from, from + 64 * nwords), into out[0..nwords). The cursor is
 * read into locals, so the stores into out do not make the compiler reload it. */
static void list_words(ListCursor *c, int64_t from, Py_ssize_t nwords, uint64_t *out) {
    int64_t end = from + 64 * (int64_t)nwords;
    const uint32_t *docs = c->docs;
    Py_ssize_t at = c->at, len = c->len;
    if (nwords == BLOCK)  /* a size the compiler knows: vector stores */
        memset(out, 0, BLOCK * sizeof(uint64_t));
    else
        memset(out, 0, (size_t)nwords * sizeof(uint64_t));
    while (at < len && (int64_t)docs[at] < from) at++;
    while (at < len && (int64_t)docs[at] < end) {
        int64_t bit = (int64_t)docs[at++] - from;
        out[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    c->at = at;
}

/* A row is a whole bitmap of the segment's docs, as 64-bit words, reaching at least
 * `words` words past doc `base` (kind 0, base a multiple of 64), or sorted uint32 doc
 * numbers (kind 1). */
static int check_row(const Py_buffer *view, char kind, Py_ssize_t words, Py_ssize_t base) {
    if (base % 64 ||
        (kind == 0 ? view->len < (base / 64 + words) * 8 : (kind != 1 || view->len % 4))) {
        PyErr_SetString(PyExc_ValueError, "a row is neither a bitmap of the words nor uint32 docs");
        return -1;
    }
    return 0;
}

static int check_int64(Py_buffer *view, const char *what) {
    if (view->itemsize != 8 || view->len % 8 != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a buffer of int64", what);
        return -1;
    }
    return 0;
}



#define BOUND_DIGITS 16  /* bit planes of a bound: up to 65535 positions */

/* The missing-gram bound (as in stab_counts) of the first `width` (at most BLOCK) words
 * of docs whose row words are present[r][k], into bit planes out[d * BLOCK + k]; each
 * step runs over those words together, so the compiler makes vector code of it. */
WIDE static void block_bound(const uint64_t *const *present, const int64_t *positions,
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
static PyObject *stab_counts(PyObject *self, PyObject *args) {
    PyObject *rows, *result = NULL;
    Py_buffer kinds_view, pos_view, found_view;
    int q;
    Py_ssize_t words;
    Py_ssize_t base;
    if (!PyArg_ParseTuple(args, "O!y*y*inny*", &PyList_Type, &rows, &kinds_view, &pos_view, &q,
                          &words, &base, &found_view))
        return NULL;
    Py_ssize_t nrows = PyList_GET_SIZE(rows), got = 0, r;
    Py_buffer *views = (Py_buffer *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_buffer));
    ListCursor *cursor = (ListCursor *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(ListCursor));
    uint64_t *present = (uint64_t *)PyMem_Calloc((size_t)(nrows ? nrows : 1) * BLOCK,
                                                 sizeof(uint64_t));
    const uint64_t **rowp = (const uint64_t **)PyMem_Malloc(sizeof(uint64_t *) *
                                                            (size_t)(nrows ? nrows : 1));
    Py_ssize_t *wlist = (Py_ssize_t *)PyMem_Malloc(sizeof(Py_ssize_t) *
                                                   (size_t)(found_view.len / 8 + 1));
    if (!views || !cursor || !present || !rowp || !wlist) {
        PyErr_NoMemory();
        goto done;
    }
    if (check_int64(&pos_view, "positions") < 0 || check_int64(&found_view, "found") < 0)
        goto done;
    if (kinds_view.len != nrows || q < 1 || q > 3 || words < 0 || pos_view.len / 8 > 65535) {
        PyErr_SetString(PyExc_ValueError,
                        "one kind per row, q from 1 to 3, words >= 0, at most 65535 positions");
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
        if (check_row(&views[got], kinds[got], words, base) < 0) {
            PyBuffer_Release(&views[got]);
            goto done;
        }
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
        block_bound(rowp, positions, npos, q, digits, BLOCK, planes);
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
    PyBuffer_Release(&kinds_view);
    PyBuffer_Release(&pos_view);
    PyBuffer_Release(&found_view);
    if (PyErr_Occurred()) Py_CLEAR(result);
    return result;
}

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
/* What count_window's parts share, and each thread's own buffers. */
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
    CountScratch scratch[2];
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
                block_bound(sc->present, positions, npos, q, bound_digits, BLOCK, bound);
            } else {
                for (r = 0; r < nrows; r++) {
                    uint64_t *dst = sc->gathered + r * BLOCK;
                    const uint64_t *row = sc->present[r];
                    for (j = 0; j < width; j++) dst[j] = row[sel[j]];
                    sc->gathered_at[r] = dst;
                }
                block_bound(sc->gathered_at, positions, npos, q, bound_digits, width, bound);
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

static PyObject *count_window(PyObject *self, PyObject *args) {
    PyObject *rows;
    Py_buffer kinds_view, weights_view, ends_view, needs_view, found_view, shared_view, pos_view,
        edits_view, lengths_view, ceilings_view;
    Py_ssize_t words, base, first, slack, length, bar, parts;
    int q;
    if (!PyArg_ParseTuple(args, "O!y*y*nnny*y*nw*w*y*iw*y*nnw*n", &PyList_Type, &rows,
                          &kinds_view, &weights_view, &words, &base, &first, &ends_view,
                          &needs_view, &slack, &found_view, &shared_view, &pos_view, &q,
                          &edits_view, &lengths_view, &length, &bar, &ceilings_view, &parts))
        return NULL;
    Py_ssize_t nrows = PyList_GET_SIZE(rows), got = 0, r, inputs = 0, nfound = -1, s;
    Py_buffer *views = (Py_buffer *)PyMem_Calloc((size_t)(nrows ? nrows : 1), sizeof(Py_buffer));
    CountJob job;
    memset(&job, 0, sizeof job);
    if (!views) {
        PyErr_NoMemory();
        goto done;
    }
    if (check_int64(&weights_view, "weights") < 0 || check_int64(&ends_view, "ends") < 0 ||
        check_int64(&needs_view, "needs") < 0 ||
        check_int64(&found_view, "found") < 0 || check_int64(&pos_view, "positions") < 0 ||
        check_int64(&lengths_view, "lengths") < 0)
        goto done;
    Py_ssize_t nruns = ends_view.len / 8, npos = pos_view.len / 8, n = 0, i;
    int scored = lengths_view.len > 0;  /* ceilings asked for, and docs below bar left out */
    const int64_t *ends = (const int64_t *)ends_view.buf;
    for (i = 0; i < nruns; i++) {
        if (ends[i] < n) {
            PyErr_SetString(PyExc_ValueError, "count_window: run ends must not decrease");
            goto done;
        }
        n = ends[i];
    }
    if (kinds_view.len != nrows || weights_view.len / 8 != nrows || found_view.len < n * 8 ||
        needs_view.len != ends_view.len || parts < 1 ||
        shared_view.len < n * 2 || first < 0 || first + n > words * 64 ||
        (npos && (edits_view.len < n * 2 || q < 1 || q > 3 || npos > 65535)) ||
        (scored && (lengths_view.len != ends_view.len || ceilings_view.len < n * 2 ||
                    length < 1 || q < 1))) {
        PyErr_SetString(PyExc_ValueError, "count_window: arguments do not fit together");
        goto done;
    }
    const char *kinds = (const char *)kinds_view.buf;
    const int64_t *weights = (const int64_t *)weights_view.buf;
    const int64_t *positions = (const int64_t *)pos_view.buf;
    for (s = 0; s < npos; s++) {
        if (positions[s] < -1 || positions[s] >= nrows) {
            PyErr_SetString(PyExc_IndexError, "a position names no row");
            goto done;
        }
    }
    int64_t total = 0;
    for (; got < nrows; got++) {
        if (weights[got] < 0) {
            PyErr_SetString(PyExc_ValueError, "weights must be >= 0");
            goto done;
        }
        total += weights[got];
        inputs += weights[got];
        if (PyObject_GetBuffer(PyList_GET_ITEM(rows, got), &views[got], PyBUF_C_CONTIGUOUS) < 0)
            goto done;
        if (check_row(&views[got], kinds[got], words, base) < 0) {
            PyBuffer_Release(&views[got]);
            goto done;
        }
    }
    if (total > 65535) {
        PyErr_SetString(PyExc_OverflowError, "weights add up to more than 65535");
        goto done;
    }
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
    job.hi = (first + n + 63) >> 6;
    Py_ssize_t blocks = (job.hi - job.lo + BLOCK - 1) / BLOCK;
    if (parts > blocks) parts = blocks > 0 ? blocks : 1;
    job.part_blocks = (blocks + parts - 1) / parts;
    if (job.part_blocks < 1) job.part_blocks = 1;
    parts = (blocks + job.part_blocks - 1) / job.part_blocks;
    if (parts < 1) parts = 1;
    job.part_found = (Py_ssize_t *)PyMem_Calloc((size_t)parts, sizeof(Py_ssize_t));
    int threads = parts > 1 ? 2 : 1, t;
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
    if (blocks > 0) run_parts(count_part, &job, parts);
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
    free_scratch(&job.scratch[1]);
    PyMem_Free(job.part_found);
    PyBuffer_Release(&pos_view);
    PyBuffer_Release(&edits_view);
    PyBuffer_Release(&kinds_view);
    PyBuffer_Release(&weights_view);
    PyBuffer_Release(&ends_view);
    PyBuffer_Release(&lengths_view);
    PyBuffer_Release(&ceilings_view);
    PyBuffer_Release(&needs_view);
    PyBuffer_Release(&found_view);
    PyBuffer_Release(&shared_view);
    if (nfound < 0) return NULL;
    return PyLong_FromSsize_t(nfound);
}

/* Indel (LCS) distances of a query against some of a list's keys, bit-parallel.
 *
 * Re-ranking compares the query with the keys of a few thousand candidates, most of
 * which the indel distance rules out before any Levenshtein comparison. rapidfuzz does
 * that under the GIL's hand-over, one key at a time from a list built for it; here the
 * keys are read where they lie, in the list the index keeps, with the GIL released, so
 * its parts run on two cores (run_parts). The list and its strings must not change meanwhile
 * (the index never changes a key list once built).
 *
 * LCS after Hyyro: one bit per query character, V starts all ones and for every key
 * character c, V = (V + (V & M[c])) | (V & ~M[c]), the carry running across words;
 * the LCS is the count of zero bits among the query's. Indel = m + n - 2 * LCS. */

#define MAX_QUERY_WORDS 32  /* queries of up to 2048 characters; longer ones are left to rapidfuzz */
#define CHAR_SLOTS 4096     /* open addressing for the query's non-ASCII characters */

typedef struct {
    uint32_t cp;
    uint32_t row; /* 0: empty slot */
} CharSlot;

/* The mask row of a key character: the first 256 have rows of their own (row c + 1),
 * the query's other characters rows found by hashing, every other character row 0. */
static inline uint32_t row_of(uint32_t c, const CharSlot *slots) {
    if (c < 256) return c + 1;
    uint32_t h = (c * 2654435761u) >> 20;
    for (;;) {
        const CharSlot *s = &slots[h & (CHAR_SLOTS - 1)];
        if (s->row == 0 || s->cp == c) return s->row;
        h++;
    }
}

/* The LCS steps over one key's characters, for a query of NW words (a constant where
 * it can be, so the word loop unrolls). */
/* The LCS steps over one key's characters, for a query of NW words (a constant where
 * it can be, so the word loop unrolls). Every 16 characters, with a limit, it stops
 * once the rest of the key could no longer bring the distance down to it: LCS can
 * grow by at most one per character left, and never past the query's length. */
#define LCS_STEPS(TYPE, NW)                                                                \
    do {                                                                                   \
        const TYPE *text = (const TYPE *)data;                                             \
        uint64_t v_[NW];                                                                   \
        for (w = 0; w < (NW); w++) v_[w] = ~(uint64_t)0;                                   \
        for (j = 0; j < n;) {                                                              \
            Py_ssize_t stop = j + 16 < n ? j + 16 : n;                                     \
            for (; j < stop; j++) {                                                        \
                const uint64_t *mask = pm + (size_t)row_of((uint32_t)text[j], slots) * (NW); \
                uint64_t carry = 0;                                                        \
                for (w = 0; w < (NW); w++) {                                               \
                    uint64_t v = v_[w], u = v & mask[w], sum = v + u, c1 = sum < v;        \
                    sum += carry;                                                          \
                    carry = c1 | (sum < carry);                                            \
                    v_[w] = sum | (v - u);                                                 \
                }                                                                          \
            }                                                                              \
            if (limit >= 0 && j < n) {                                                     \
                int64_t lcs = 0, most;                                                     \
                for (w = 0; w < (NW); w++)                                                 \
                    lcs += __builtin_popcountll(~v_[w] & (w == (NW) - 1 ? last : ~(uint64_t)0)); \
                most = lcs + (n - j < m - lcs ? n - j : m - lcs);                          \
                if (m + n - 2 * most > limit) {                                            \
                    beyond = 1;                                                            \
                    break;                                                                 \
                }                                                                          \
            }                                                                              \
        }                                                                                  \
        for (w = 0; w < (NW); w++) vec[w] = v_[w];                                         \
    } while (0)

#define LCS_KINDS(NW)                                                                      \
    do {                                                                                   \
        switch (kind) {                                                                    \
        case PyUnicode_1BYTE_KIND: LCS_STEPS(Py_UCS1, NW); break;                          \
        case PyUnicode_2BYTE_KIND: LCS_STEPS(Py_UCS2, NW); break;                          \
        default: LCS_STEPS(Py_UCS4, NW); break;                                            \
        }                                                                                  \
    } while (0)

/* What indel_distances' parts share. */
typedef struct {
    PyObject *keys;
    const int64_t *docs, *limits; /* limits NULL: none */
    const uint64_t *pm;
    const CharSlot *slots;
    Py_ssize_t m, nwords;
    uint64_t last;
    int32_t *out;
    Py_ssize_t ndocs, part_docs;
    atomic_int bad;
} IndelJob;

/* The docs from part * part_docs on. */
static void indel_part(void *ctx, Py_ssize_t part, int thread) {
    IndelJob *job = (IndelJob *)ctx;
    (void)thread;
    const int64_t *docs = job->docs;
    const uint64_t *pm = job->pm, last = job->last;
    const CharSlot *slots = job->slots;
    const Py_ssize_t m = job->m, nwords = job->nwords;
    int32_t *out = job->out;
    Py_ssize_t lo = part * job->part_docs, i, j, w;
    Py_ssize_t ndocs = (part + 1) * job->part_docs;  /* the end of the part's docs */
    uint64_t vec[MAX_QUERY_WORDS];
    PyObject **items = ((PyListObject *)job->keys)->ob_item;
    if (ndocs > job->ndocs) ndocs = job->ndocs;
    for (i = lo; i < ndocs; i++) {
        /* the keys lie scattered over the heap: their list slots are fetched 16 keys
         * ahead and the strings 8 ahead, or every key would wait on memory */
        if (i + 16 < ndocs) __builtin_prefetch(&items[docs[i + 16]]);
        if (i + 8 < ndocs) {
            const char *ahead = (const char *)items[docs[i + 8]];
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + 64);
            __builtin_prefetch(ahead + 128);
        }
        PyObject *key = items[docs[i]];
        if (!PyUnicode_Check(key) || !PyUnicode_IS_READY(key)) {
            atomic_store(&job->bad, 1);
            return;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(key);
        const void *data = PyUnicode_DATA(key);
        int kind = PyUnicode_KIND(key), beyond = 0;
        int64_t limit = job->limits ? job->limits[i] : -1;
        if (m == 0) {  /* an empty query: the key's every character is an insertion */
            out[i] = (int32_t)n;
            continue;
        }
        switch (nwords) {
        case 1: LCS_KINDS(1); break;
        case 2: LCS_KINDS(2); break;
        case 3: LCS_KINDS(3); break;
        case 4: LCS_KINDS(4); break;
        default: LCS_KINDS(nwords); break; /* a variable-length array */
        }
        if (beyond) {
            out[i] = (int32_t)(limit + 1);
            continue;
        }
        int64_t lcs = 0;
        for (w = 0; w < nwords; w++)
            lcs += __builtin_popcountll(~vec[w] & (w == nwords - 1 ? last : ~(uint64_t)0));
        out[i] = (int32_t)(m + n - 2 * lcs);
    }
}

static PyObject *indel_distances(PyObject *self, PyObject *args) {
    PyObject *keys, *query, *result = NULL;
    Py_buffer docs_view, limits_view;
    Py_ssize_t parts;
    if (!PyArg_ParseTuple(args, "O!Uy*y*n", &PyList_Type, &keys, &query, &docs_view, &limits_view,
                          &parts))
        return NULL;
    uint64_t *pm = NULL;
    CharSlot *slots = NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(query), nwords = (m + 63) / 64, i;
    if (check_int64(&docs_view, "docs") < 0 || check_int64(&limits_view, "limits") < 0) goto done;
    if (nwords > MAX_QUERY_WORDS) {
        PyErr_SetString(PyExc_ValueError, "indel_distances: the query must have at most 2048 characters");
        goto done;
    }
    Py_ssize_t ndocs = docs_view.len / 8, nkeys = PyList_GET_SIZE(keys);
    const int64_t *docs = (const int64_t *)docs_view.buf;
    const int64_t *limits = (const int64_t *)limits_view.buf;
    if (limits_view.len && limits_view.len != docs_view.len) {
        PyErr_SetString(PyExc_ValueError, "indel_distances: one limit per doc, or none");
        goto done;
    }
    for (i = 0; i < ndocs; i++) {
        if (docs[i] < 0 || docs[i] >= nkeys) {
            PyErr_SetString(PyExc_IndexError, "indel_distances: a doc names no key");
            goto done;
        }
    }
    /* a row of nwords words per character below 256 and per other query character;
     * row 0 stays zero */
    pm = (uint64_t *)PyMem_Calloc((size_t)(m + 257) * (size_t)nwords, sizeof(uint64_t));
    slots = (CharSlot *)PyMem_Calloc(CHAR_SLOTS, sizeof(CharSlot));
    result = PyBytes_FromStringAndSize(NULL, ndocs * 4);
    if (!pm || !slots || !result) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    uint32_t rows = 256;
    int qkind = PyUnicode_KIND(query);
    const void *qdata = PyUnicode_DATA(query);
    for (i = 0; i < m; i++) {
        uint32_t c = (uint32_t)PyUnicode_READ(qkind, qdata, i), row;
        if (c < 256) {
            row = c + 1;
        } else {
            uint32_t h = (c * 2654435761u) >> 20;
            CharSlot *s;
            for (;; h++) {
                s = &slots[h & (CHAR_SLOTS - 1)];
                if (s->row == 0 || s->cp == c) break;
            }
            if (!s->row) {
                s->cp = c;
                s->row = ++rows;
            }
            row = s->row;
        }
        pm[(size_t)row * nwords + i / 64] |= (uint64_t)1 << (i % 64);
    }
    IndelJob job = {.keys = keys, .docs = docs, .limits = limits_view.len ? limits : NULL,
                    .pm = pm, .slots = slots, .m = m, .nwords = nwords,
                    .last = m % 64 ? ((uint64_t)1 << (m % 64)) - 1 : ~(uint64_t)0,
                    .out = (int32_t *)PyBytes_AS_STRING(result), .ndocs = ndocs};
    if (parts < 1) parts = 1;
    job.part_docs = (ndocs + parts - 1) / parts;
    if (job.part_docs < 1) job.part_docs = 1;
    parts = (ndocs + job.part_docs - 1) / job.part_docs;
    atomic_init(&job.bad, 0);
    Py_BEGIN_ALLOW_THREADS
    if (ndocs) run_parts(indel_part, &job, parts);
    Py_END_ALLOW_THREADS
    int bad = atomic_load(&job.bad);
    if (bad) PyErr_SetString(PyExc_TypeError, "indel_distances: every key must be a str");
done:
    PyMem_Free(pm);
    PyMem_Free(slots);
    PyBuffer_Release(&docs_view);
    PyBuffer_Release(&limits_view);
    if (PyErr_Occurred()) Py_CLEAR(result);
    return result;
}

static PyMethodDef methods[] = {
    {"stab_counts", stab_counts, METH_VARARGS,
     "stab_counts(rows, kinds, positions, q, words, base, found) -> bytes of uint16: for each "
     "doc of found, the fewest edits that destroy the query grams it lacks."},
    {"count_window", count_window, METH_VARARGS,
     "count_window(rows, kinds, weights, words, base, first, ends, needs, slack, found, shared, "
     "positions, q, edits, lengths, length, bar, ceilings, parts) -> int: the docs of a window "
     "whose shared-gram count plus slack reaches need, with positions their missing-gram "
     "bound, and with lengths their score ceiling (those below bar left out); in `parts` "
     "parts on two threads when more than one."},
    {"indel_distances", indel_distances, METH_VARARGS,
     "indel_distances(keys, query, docs, limits, parts) -> bytes of int32: the indel (LCS) "
     "distance of the query to keys[d] for each d of docs (int64), or limit + 1 where it is "
     "more than that doc's limit (limits: int64, one per doc, or empty for none); the GIL "
     "released, in `parts` parts on two threads when more than one."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
