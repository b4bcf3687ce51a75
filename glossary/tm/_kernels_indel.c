#include "_kernels.h"

/* Indel (LCS) distances of a query against some of a list's keys, bit-parallel.
 *
 * Re-ranking compares the query with the keys of a few thousand candidates, and window
 * scans with hundreds of thousands; the indel distance rules most of them out before
 * any Levenshtein comparison. rapidfuzz does that one key at a time from a list built
 * for it, and compares the whole key; here the keys are read where they lie, in the
 * strings the index keeps, and a key is given up as soon as its distance cannot come
 * within its limit (bench/kernels_bench.py: searches at 100k units 1.5x faster, mean
 * and p95, English 1.6x). The GIL is released meanwhile, so two calls (two halves of a
 * scan, candidates.py) run on two cores. The list itself is read only with the GIL
 * held: each doc's string is looked up, checked and held (a reference taken) before
 * the GIL goes, so another thread changing the list meanwhile changes nothing the
 * kernel reads.
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

/* One doc's key as the comparisons read it: taken from its string under the GIL. */
typedef struct {
    const void *data;
    Py_ssize_t len;
    int kind;
} KeyText;

/* What the comparisons share. */
typedef struct {
    const KeyText *texts;  /* per doc */
    const int64_t *limits; /* NULL: none */
    const uint64_t *pm;
    const CharSlot *slots;
    Py_ssize_t m, nwords;
    uint64_t last;
    int32_t *out;
    Py_ssize_t ndocs;
} IndelJob;

/* Every doc's distance; reads only C memory (no Python object), without the GIL. */
static void indel_all(const IndelJob *job) {
    const KeyText *texts = job->texts;
    const uint64_t *pm = job->pm, last = job->last;
    const CharSlot *slots = job->slots;
    const Py_ssize_t m = job->m, nwords = job->nwords;
    int32_t *out = job->out;
    const Py_ssize_t ndocs = job->ndocs;
    Py_ssize_t i, j, w;
    uint64_t vec[MAX_QUERY_WORDS];
    for (i = 0; i < ndocs; i++) {
        /* the keys lie scattered over the heap: their characters are fetched 8 keys
         * ahead, or every key would wait on memory */
        if (i + 8 < ndocs) {
            const char *ahead = (const char *)texts[i + 8].data;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + 64);
        }
        Py_ssize_t n = texts[i].len;
        const void *data = texts[i].data;
        int kind = texts[i].kind, beyond = 0;
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

PyObject *kernels_indel_distances(PyObject *self, PyObject *args) {
    PyObject *keys, *query, *docs_arg, *limits_arg, *result = NULL;
    PyObject **held = NULL;
    KeyText *texts = NULL;
    Py_buffer docs_view = {0}, limits_view = {0};
    Py_ssize_t nheld = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!UOO", &PyList_Type, &keys, &query, &docs_arg, &limits_arg))
        return NULL;
    uint64_t *pm = NULL;
    CharSlot *slots = NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(query) < 0) return NULL;
#endif
    Py_ssize_t m = PyUnicode_GET_LENGTH(query), nwords = (m + 63) / 64, i;
    if (kernels_get_buffer(docs_arg, &docs_view, 'q', 0, "docs") < 0 ||
        kernels_get_buffer(limits_arg, &limits_view, 'q', 0, "limits") < 0)
        goto done;
    if (nwords > MAX_QUERY_WORDS) {
        PyErr_SetString(PyExc_ValueError, "indel_distances: the query must have at most 2048 characters");
        goto done;
    }
    Py_ssize_t ndocs = docs_view.len / 8;
    const int64_t *docs = (const int64_t *)docs_view.buf;
    const int64_t *limits = (const int64_t *)limits_view.buf;
    if (limits_view.len && limits_view.len != docs_view.len) {
        PyErr_SetString(PyExc_ValueError, "indel_distances: one limit per doc, or none");
        goto done;
    }
    /* each doc's string, looked up and held while the GIL is: the comparisons never
     * read the list, which another thread may change once the GIL is released */
    texts = (KeyText *)PyMem_Malloc(sizeof(KeyText) * (size_t)(ndocs ? ndocs : 1));
    held = (PyObject **)PyMem_Malloc(sizeof(PyObject *) * (size_t)(ndocs ? ndocs : 1));
    if (!texts || !held) {
        PyErr_NoMemory();
        goto done;
    }
    for (i = 0; i < ndocs; i++) {
        if (docs[i] < 0 || docs[i] >= PyList_GET_SIZE(keys)) {
            PyErr_SetString(kernels_out_of_range, "indel_distances: a doc names no key");
            goto done;
        }
        if (i + 8 < ndocs && docs[i + 8] >= 0 && docs[i + 8] < PyList_GET_SIZE(keys))
            __builtin_prefetch(PyList_GET_ITEM(keys, docs[i + 8]));
        PyObject *key = PyList_GET_ITEM(keys, docs[i]);
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "indel_distances: every key must be a str");
            goto done;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(key) < 0) goto done;
#endif
        Py_INCREF(key);
        held[nheld++] = key;
        texts[i].data = PyUnicode_DATA(key);
        texts[i].len = PyUnicode_GET_LENGTH(key);
        texts[i].kind = PyUnicode_KIND(key);
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
    IndelJob job = {.texts = texts, .limits = limits_view.len ? limits : NULL,
                    .pm = pm, .slots = slots, .m = m, .nwords = nwords,
                    .last = m % 64 ? ((uint64_t)1 << (m % 64)) - 1 : ~(uint64_t)0,
                    .out = (int32_t *)PyBytes_AS_STRING(result), .ndocs = ndocs};
    Py_BEGIN_ALLOW_THREADS
    if (ndocs) indel_all(&job);
    Py_END_ALLOW_THREADS
done:
    for (i = 0; i < nheld; i++) Py_DECREF(held[i]);
    PyMem_Free(held);
    PyMem_Free(texts);
    PyMem_Free(pm);
    PyMem_Free(slots);
    if (docs_view.obj) PyBuffer_Release(&docs_view);
    if (limits_view.obj) PyBuffer_Release(&limits_view);
    if (PyErr_Occurred()) Py_CLEAR(result);
    return result;
}

