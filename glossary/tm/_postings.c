/* Building a segment's posting lists straight from its keys, in one pass.
 *
 * numpy builds them by sorting (token, doc) pairs: at a million units that is 160
 * million pairs, too many to hold, so they are dealt into temporary files, read back
 * and sorted a part at a time. But a segment has only some thirty thousand distinct
 * tokens, and docs arrive in the order they are read: appending each doc to its
 * tokens' lists as it comes leaves every list already in read order, with no pairs
 * held at all. A token found in many docs switches to a bitmap over the docs read so
 * far, so memory stays close to the size of the stored lists.
 *
 * Docs are numbered for storage by key length (tm_build.order_docs), which is known
 * only once every doc has been read. finish() takes that numbering, and pop() hands
 * out one token's stored list at a time, in token order, renumbered: a bitmap is
 * redrawn bit by bit, a list is renumbered and radix-sorted. The stored form is the
 * one tm_build._encode writes (a property test holds them equal): little-endian
 * uint32 doc numbers, behind a directory of DIRECTORY + 1 positions when the list is
 * long, or a bitmap when that is smaller.
 *
 * Calls that work with the GIL released (add, pop) read only the builder's own C
 * memory and a tuple of the keys it made itself, and a builder serves one call at a
 * time: a second thread calling in meanwhile gets a RuntimeError. Arguments are
 * checked (numbers: one uint32 per doc, each below the count of docs) before use.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "stored lists are little-endian; other hosts use the numpy build"
#endif

#define OCC_BITS 4
#define OCC_CAP 15
#define EMPTY UINT64_MAX
#define MIN_BITMAP_DOCS 4096  /* below this many docs read, every list stays a list */

typedef struct {
    uint64_t token;
    uint32_t *list;  /* read positions, in order, while a list */
    uint64_t *bits;  /* bit per read position, while a bitmap */
    int64_t count;
    int64_t cap;     /* entries of list, or words of bits */
} Slot;

typedef struct {
    uint64_t gram;
    uint32_t last;   /* read position + 1 of the last doc holding the gram */
    uint32_t occ;    /* occurrences of the gram in that doc so far, minus one */
    int32_t slot[OCC_CAP + 1];
} Gram;

typedef struct {
    PyObject_HEAD
    int space, q, bits;
    Gram *grams;
    int64_t gcap, gused;
    int gshift;
    Slot *slots;
    int64_t nslots, scap;
    int64_t docs;        /* docs read */
    int32_t *pair_slot;  /* one add()'s (slot, read position) pairs, in read order */
    uint32_t *pair_at, *run_at;
    int64_t pair_cap;
    int64_t *offsets;    /* per slot, where its run of pairs starts once sorted */
    int64_t offsets_cap;
    int sealed;          /* no more docs: the reading tables are freed */
    int finished;
    uint32_t *numbers;   /* read position -> doc number, after finish() */
    int64_t *order;      /* slots by token */
    int64_t next;
    int64_t directory, directory_from;
    int failed;          /* an allocation failed with the GIL released */
    int ready;           /* __init__ ran: the reading tables exist */
    int busy;            /* a call is working on the tables with the GIL released */
} Postings;

/* tm_grams.codes: Chinese keys fold to 16 bits, others keep ASCII and share the rest
 * of their code points by residue. */
static inline uint64_t code_of(int space, Py_UCS4 cp) {
    if (space == 0) return cp & 0xFFFF;
    return cp < 4096 ? cp : (4096 | (cp & 4095));
}

static int grams_resize(Postings *p, int64_t cap) {
    Gram *old = p->grams;
    int64_t oldcap = p->gcap;
    Gram *grams = malloc(sizeof(Gram) * cap);
    if (!grams) return -1;
    for (int64_t i = 0; i < cap; i++) grams[i].gram = EMPTY;
    int shift = 64;
    for (int64_t c = cap; c > 1; c >>= 1) shift--;
    for (int64_t i = 0; i < oldcap; i++) {
        if (old[i].gram == EMPTY) continue;
        uint64_t h = (old[i].gram * 0x9E3779B97F4A7C15ULL) >> shift;
        while (grams[h].gram != EMPTY) h = (h + 1) & (cap - 1);
        grams[h] = old[i];
    }
    free(old);
    p->grams = grams;
    p->gcap = cap;
    p->gshift = shift;
    return 0;
}

static Gram *gram_entry(Postings *p, uint64_t gram) {
    uint64_t mask = p->gcap - 1;
    uint64_t h = (gram * 0x9E3779B97F4A7C15ULL) >> p->gshift;
    while (p->grams[h].gram != gram) {
        if (p->grams[h].gram == EMPTY) {
            if (2 * (p->gused + 1) > p->gcap) {
                if (grams_resize(p, 2 * p->gcap) < 0) return NULL;
                return gram_entry(p, gram);
            }
            Gram *g = &p->grams[h];
            g->gram = gram;
            g->last = 0;
            g->occ = 0;
            for (int i = 0; i <= OCC_CAP; i++) g->slot[i] = -1;
            p->gused++;
            return g;
        }
        h = (h + 1) & mask;
    }
    return &p->grams[h];
}

static int32_t new_slot(Postings *p, uint64_t token) {
    if (p->nslots == p->scap) {
        int64_t cap = p->scap ? 2 * p->scap : 1024;
        if (cap > INT32_MAX) return -1;
        Slot *slots = realloc(p->slots, sizeof(Slot) * cap);
        if (!slots) return -1;
        p->slots = slots;
        p->scap = cap;
    }
    Slot *s = &p->slots[p->nslots];
    memset(s, 0, sizeof(Slot));
    s->token = token;
    return (int32_t)p->nslots++;
}

static int to_bitmap(Slot *s, uint32_t at) {
    int64_t words = (at >> 6) + 1;
    words += words >> 3;
    uint64_t *bits = calloc(words, sizeof(uint64_t));
    if (!bits) return -1;
    for (int64_t i = 0; i < s->count; i++) bits[s->list[i] >> 6] |= 1ULL << (s->list[i] & 63);
    free(s->list);
    s->list = NULL;
    s->bits = bits;
    s->cap = words;
    return 0;
}

static int to_list(Slot *s) {
    int64_t cap = 2 * s->count + 4;
    uint32_t *list = malloc(sizeof(uint32_t) * cap);
    if (!list) return -1;
    int64_t n = 0;
    for (int64_t w = 0; w < s->cap; w++) {
        uint64_t x = s->bits[w];
        while (x) {
            list[n++] = (uint32_t)(w * 64 + __builtin_ctzll(x));
            x &= x - 1;
        }
    }
    free(s->bits);
    s->bits = NULL;
    s->list = list;
    s->cap = cap;
    return 0;
}

/* Docs ats[0..n) (read positions, increasing, all past the slot's last) hold the
 * slot's token. Lists grow by an eighth, bitmaps by a sixteenth, so memory stays near
 * the stored size; a list switches to a bitmap once that is smaller, and back when a
 * token turns out rarer than its first docs made it look. */
static int slot_add(Slot *s, const uint32_t *ats, int64_t n) {
    uint32_t last = ats[n - 1];
    if (s->bits) {
        int64_t w = last >> 6;
        if (w >= s->cap) {
            if (64 * (s->count + n) < (int64_t)last) {
                if (to_list(s) < 0) return -1;
                return slot_add(s, ats, n);
            }
            int64_t cap = w + 1 + (w >> 4);
            uint64_t *bits = realloc(s->bits, sizeof(uint64_t) * cap);
            if (!bits) return -1;
            memset(bits + s->cap, 0, sizeof(uint64_t) * (cap - s->cap));
            s->bits = bits;
            s->cap = cap;
        }
        for (int64_t i = 0; i < n; i++) s->bits[ats[i] >> 6] |= 1ULL << (ats[i] & 63);
        s->count += n;
        return 0;
    }
    if (s->count + n > s->cap) {
        if (last >= MIN_BITMAP_DOCS && 32 * (s->count + n) > (int64_t)last + 1) {
            if (to_bitmap(s, last) < 0) return -1;
            return slot_add(s, ats, n);
        }
        int64_t cap = s->cap + (s->cap >> 3) + 4;
        if (cap < s->count + n) cap = s->count + n;
        uint32_t *list = realloc(s->list, sizeof(uint32_t) * cap);
        if (!list) return -1;
        s->list = list;
        s->cap = cap;
    }
    memcpy(s->list + s->count, ats, sizeof(uint32_t) * n);
    s->count += n;
    return 0;
}

/* One doc's grams, each numbered by its occurrence within the doc (tm_build's
 * _doc_tokens; occurrences past OCC_CAP are left out), as (slot, read position) pairs. */
static int64_t doc_pairs(Postings *p, int kind, const void *data, Py_ssize_t len,
                         int64_t npairs) {
    uint32_t at = (uint32_t)p->docs++;
    int q = p->q, bits = p->bits;
    if (len < q) return npairs;
    uint64_t mask = (q * bits >= 64) ? UINT64_MAX : ((1ULL << (q * bits)) - 1);
    uint64_t gram = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        gram = ((gram << bits) | code_of(p->space, PyUnicode_READ(kind, data, i))) & mask;
        if (i < q - 1) continue;
        Gram *g = gram_entry(p, gram);
        if (!g) return -1;
        if (g->last != at + 1) {
            g->last = at + 1;
            g->occ = 0;
        } else if (g->occ <= OCC_CAP) {
            g->occ++;
        }
        if (g->occ > OCC_CAP) continue;
        int32_t slot = g->slot[g->occ];
        if (slot < 0) {
            uint32_t occ = g->occ;
            slot = new_slot(p, (gram << OCC_BITS) | occ);
            if (slot < 0) return -1;
            g->slot[occ] = slot;
        }
        p->pair_slot[npairs] = slot;
        p->pair_at[npairs++] = at;
    }
    return npairs;
}

/* The pairs, sorted by slot (a counting sort, so each slot's docs stay in read order),
 * appended slot by slot: each list is touched once per add(), not once per doc. */
static int apply_pairs(Postings *p, int64_t npairs) {
    if (p->offsets_cap < p->nslots + 1) {
        int64_t cap = 2 * (p->nslots + 1);
        int64_t *offsets = realloc(p->offsets, sizeof(int64_t) * cap);
        if (!offsets) return -1;
        p->offsets = offsets;
        p->offsets_cap = cap;
    }
    int64_t *off = p->offsets;
    memset(off, 0, sizeof(int64_t) * (p->nslots + 1));
    for (int64_t i = 0; i < npairs; i++) off[p->pair_slot[i] + 1]++;
    for (int64_t k = 0; k < p->nslots; k++) off[k + 1] += off[k];
    for (int64_t i = 0; i < npairs; i++) p->run_at[off[p->pair_slot[i]]++] = p->pair_at[i];
    int64_t begin = 0;  /* off[k] is now the end of slot k's run */
    for (int64_t k = 0; k < p->nslots; k++) {
        if (off[k] > begin && slot_add(&p->slots[k], p->run_at + begin, off[k] - begin) < 0)
            return -1;
        begin = off[k];
    }
    return 0;
}

static PyObject *Postings_add_claimed(Postings *p, PyObject *keys);

/* A call that releases the GIL holds the builder alone: another thread calling in
 * meanwhile is refused rather than let change the tables under it. */
static int claim(Postings *p) {
    if (!p->ready) {
        PyErr_SetString(PyExc_RuntimeError, "Postings used before __init__");
        return -1;
    }
    if (p->busy) {
        PyErr_SetString(PyExc_RuntimeError, "Postings is in use by another thread");
        return -1;
    }
    p->busy = 1;
    return 0;
}

static PyObject *Postings_add(Postings *p, PyObject *keys) {
    if (claim(p) < 0) return NULL;
    PyObject *done = Postings_add_claimed(p, keys);
    p->busy = 0;
    return done;
}
static PyObject *Postings_add_claimed(Postings *p, PyObject *keys) {
    if (p->sealed || p->failed) {
        PyErr_SetString(PyExc_RuntimeError, "add() after seal(), or after a failure");
        return NULL;
    }
    /* A tuple of its own: the keys are read with the GIL released, when another thread
     * could resize a list passed in. */
    PyObject *seq = PySequence_Tuple(keys);
    if (!seq) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    PyObject **items = &PyTuple_GET_ITEM(seq, 0);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_Check(items[i])) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            return NULL;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(items[i]) < 0) {
            Py_DECREF(seq);
            return NULL;
        }
#endif
    }
    if (p->docs + n >= UINT32_MAX) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_OverflowError, "too many docs for one segment");
        return NULL;
    }
    int64_t chars = 0;
    for (Py_ssize_t i = 0; i < n; i++) chars += PyUnicode_GET_LENGTH(items[i]);
    if (chars > p->pair_cap) {
        int64_t cap = chars + chars / 2;
        free(p->pair_slot);
        free(p->pair_at);
        free(p->run_at);
        p->pair_slot = malloc(sizeof(int32_t) * cap);
        p->pair_at = malloc(sizeof(uint32_t) * cap);
        p->run_at = malloc(sizeof(uint32_t) * cap);
        p->pair_cap = (p->pair_slot && p->pair_at && p->run_at) ? cap : 0;
        if (!p->pair_cap) {
            Py_DECREF(seq);
            p->failed = 1;
            return PyErr_NoMemory();
        }
    }
    int64_t npairs = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n && npairs >= 0; i++) {
        PyObject *key = items[i];
        npairs = doc_pairs(p, PyUnicode_KIND(key), PyUnicode_DATA(key),
                           PyUnicode_GET_LENGTH(key), npairs);
    }
    if (npairs >= 0 && apply_pairs(p, npairs) < 0) npairs = -1;
    Py_END_ALLOW_THREADS
    Py_DECREF(seq);
    if (npairs < 0) {
        p->failed = 1;
        return PyErr_NoMemory();
    }
    Py_RETURN_NONE;
}

static void free_reading(Postings *p) {
    free(p->grams);
    free(p->pair_slot);
    free(p->pair_at);
    free(p->run_at);
    free(p->offsets);
    p->grams = NULL;
    p->pair_slot = NULL;
    p->pair_at = p->run_at = NULL;
    p->offsets = NULL;
    p->pair_cap = p->offsets_cap = 0;
}

/* No more docs: the reading tables go, and every list and bitmap gives back its room
 * to grow, so numbering the docs beside a full builder needs no more than it has. */
static PyObject *Postings_seal(Postings *p, PyObject *noargs) {
    (void)noargs;
    if (claim(p) < 0) return NULL;
    p->busy = 0;
    free_reading(p);
    p->sealed = 1;
    for (int64_t i = 0; i < p->nslots; i++) {
        Slot *s = &p->slots[i];
        if (s->bits) {
            int64_t words = s->cap;
            while (words > 1 && !s->bits[words - 1]) words--;
            uint64_t *bits = realloc(s->bits, sizeof(uint64_t) * words);
            if (bits) {
                s->bits = bits;
                s->cap = words;
            }
        } else if (s->list && s->count < s->cap) {
            uint32_t *list = realloc(s->list, sizeof(uint32_t) * (s->count ? s->count : 1));
            if (list) {
                s->list = list;
                s->cap = s->count;
            }
        }
    }
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    Py_RETURN_NONE;
}

static const Slot *sort_slots;  /* the slots being sorted (under the GIL: one sort at a time) */

static int by_token(const void *a, const void *b) {
    uint64_t x = sort_slots[*(const int64_t *)a].token;
    uint64_t y = sort_slots[*(const int64_t *)b].token;
    return (x > y) - (x < y);
}

static PyObject *Postings_finish(Postings *p, PyObject *args) {
    Py_buffer view;
    Py_ssize_t directory, directory_from;
    PyObject *numbers_arg;
    if (!PyArg_ParseTuple(args, "Onn", &numbers_arg, &directory, &directory_from)) return NULL;
    if (claim(p) < 0) return NULL;
    p->busy = 0;  /* all of finish() holds the GIL */
    if (PyObject_GetBuffer(numbers_arg, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    const char *format = view.format ? view.format : "B";
    if (*format == '<' || *format == '=' || *format == '@') format++;
    if (!(view.itemsize == 1 || (view.itemsize == 4 && (!strcmp(format, "I") ||
                                                        !strcmp(format, "L"))))) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "numbers must be a buffer of uint32");
        return NULL;
    }
    if (p->finished || p->failed) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_RuntimeError, "finish() called twice, or after a failure");
        return NULL;
    }
    if (view.len != (Py_ssize_t)(sizeof(uint32_t) * p->docs)) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "numbers must hold one uint32 per doc read");
        return NULL;
    }
    if (directory < 1 || directory > 65536 || directory_from < 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError,
                        "directory must be from 1 to 65536, directory_from >= 0");
        return NULL;
    }
    const uint32_t *numbers = view.buf;
    for (int64_t i = 0; i < p->docs; i++) {
        if (numbers[i] >= p->docs) {
            PyBuffer_Release(&view);
            PyErr_SetString(PyExc_ValueError, "a doc number is out of range");
            return NULL;
        }
    }
    p->numbers = malloc(sizeof(uint32_t) * (p->docs ? p->docs : 1));
    p->order = malloc(sizeof(int64_t) * (p->nslots ? p->nslots : 1));
    if (!p->numbers || !p->order) {
        PyBuffer_Release(&view);
        p->failed = 1;
        return PyErr_NoMemory();
    }
    memcpy(p->numbers, numbers, sizeof(uint32_t) * p->docs);
    PyBuffer_Release(&view);
    for (int64_t i = 0; i < p->nslots; i++) p->order[i] = i;
    sort_slots = p->slots;
    qsort(p->order, p->nslots, sizeof(int64_t), by_token);
    free_reading(p);
    p->sealed = 1;
    p->directory = directory;
    p->directory_from = directory_from;
    p->finished = 1;
    Py_RETURN_NONE;
}

static void radix_sort(uint32_t *a, uint32_t *tmp, int64_t n, uint32_t top) {
    if (n < 64) {
        for (int64_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            int64_t j = i;
            while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
            a[j] = v;
        }
        return;
    }
    uint32_t *src = a, *dst = tmp;
    for (int shift = 0; shift < 32 && (top >> shift); shift += 11) {
        int64_t count[2049] = {0};
        for (int64_t i = 0; i < n; i++) count[((src[i] >> shift) & 2047) + 1]++;
        for (int k = 0; k < 2048; k++) count[k + 1] += count[k];
        for (int64_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 2047]++] = src[i];
        uint32_t *t = src; src = dst; dst = t;
    }
    if (src != a) memcpy(a, src, sizeof(uint32_t) * n);
}

/* The stored list of one slot, in the doc numbering; frees the slot. */
static int encode(Postings *p, Slot *s, char *out, int as_bitmap) {
    const uint32_t *numbers = p->numbers;
    if (as_bitmap) {
        uint8_t *bytes = (uint8_t *)out;
        memset(bytes, 0, (p->docs + 7) / 8);
        if (s->bits) {
            for (int64_t w = 0; w < s->cap; w++) {
                uint64_t x = s->bits[w];
                while (x) {
                    uint32_t d = numbers[w * 64 + __builtin_ctzll(x)];
                    bytes[d >> 3] |= (uint8_t)(1u << (d & 7));
                    x &= x - 1;
                }
            }
        } else {
            for (int64_t i = 0; i < s->count; i++) {
                uint32_t d = numbers[s->list[i]];
                bytes[d >> 3] |= (uint8_t)(1u << (d & 7));
            }
        }
        return 0;
    }
    int64_t n = s->count;
    int64_t dir = n >= p->directory_from ? p->directory + 1 : 0;
    uint32_t *docs = (uint32_t *)out + dir;
    int64_t k = 0;
    if (s->bits) {
        for (int64_t w = 0; w < s->cap; w++) {
            uint64_t x = s->bits[w];
            while (x) {
                docs[k++] = numbers[w * 64 + __builtin_ctzll(x)];
                x &= x - 1;
            }
        }
    } else {
        for (int64_t i = 0; i < n; i++) docs[i] = numbers[s->list[i]];
    }
    uint32_t *tmp = n >= 64 ? malloc(sizeof(uint32_t) * n) : NULL;
    if (n >= 64 && !tmp) return -1;
    radix_sort(docs, tmp, n, (uint32_t)(p->docs ? p->docs - 1 : 0));
    free(tmp);
    if (dir) {  /* positions of the first doc at or past each of DIRECTORY + 1 bounds */
        uint32_t *marks = (uint32_t *)out;
        int64_t at = 0;
        for (int64_t j = 0; j <= p->directory; j++) {
            int64_t bound = j * p->docs / p->directory;
            while (at < n && docs[at] < bound) at++;
            marks[j] = (uint32_t)at;
        }
    }
    return 0;
}

static void slot_free(Slot *s) {
    free(s->list);
    free(s->bits);
    s->list = NULL;
    s->bits = NULL;
}

static PyObject *Postings_pop_claimed(Postings *p);

static PyObject *Postings_pop(Postings *p, PyObject *noargs) {
    (void)noargs;
    if (claim(p) < 0) return NULL;
    PyObject *next = Postings_pop_claimed(p);
    p->busy = 0;
    return next;
}

static PyObject *Postings_pop_claimed(Postings *p) {
    if (!p->finished) {
        PyErr_SetString(PyExc_RuntimeError, "pop() before finish()");
        return NULL;
    }
    if (p->next >= p->nslots) {
        if (p->next++ == p->nslots) {
            free(p->slots);  /* every list is out: give their memory back to the system */
            p->slots = NULL;
            p->nslots = 0;
#ifdef __GLIBC__
            malloc_trim(0);
#endif
        }
        Py_RETURN_NONE;
    }
    Slot *s = &p->slots[p->order[p->next++]];
    int64_t n = s->count, docs = p->docs;
    int as_bitmap = 4 * n > (docs + 7) / 8;  /* tm_build.is_bitmap */
    Py_ssize_t size = as_bitmap ? (docs + 7) / 8
                                : 4 * (n + (n >= p->directory_from ? p->directory + 1 : 0));
    PyObject *blob = PyBytes_FromStringAndSize(NULL, size);
    if (!blob) return NULL;
    int failed;
    Py_BEGIN_ALLOW_THREADS
    failed = encode(p, s, PyBytes_AS_STRING(blob), as_bitmap);
    Py_END_ALLOW_THREADS
    slot_free(s);
    if (failed) {
        Py_DECREF(blob);
        return PyErr_NoMemory();
    }
    return Py_BuildValue("(KLN)", (unsigned long long)s->token, (long long)n, blob);
}

static int Postings_init(Postings *p, PyObject *args, PyObject *kwds) {
    static char *names[] = {"space", NULL};
    int space;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i", names, &space)) return -1;
    if (p->ready) {
        PyErr_SetString(PyExc_RuntimeError, "Postings.__init__ called twice");
        return -1;
    }
    if (space != 0 && space != 1) {
        PyErr_SetString(PyExc_ValueError, "space is 0 (Chinese) or 1 (other)");
        return -1;
    }
    p->space = space;
    p->q = space == 0 ? 1 : 3;      /* tm_grams.Q */
    p->bits = space == 0 ? 16 : 13; /* tm_grams.CHAR_BITS */
    if (grams_resize(p, 1 << 12) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    p->ready = 1;
    return 0;
}

static void Postings_dealloc(Postings *p) {
    for (int64_t i = 0; i < p->nslots; i++) slot_free(&p->slots[i]);
    free(p->slots);
    free(p->grams);
    free(p->numbers);
    free(p->order);
    free(p->pair_slot);
    free(p->pair_at);
    free(p->run_at);
    free(p->offsets);
    Py_TYPE(p)->tp_free((PyObject *)p);
}

static PyMethodDef Postings_methods[] = {
    {"add", (PyCFunction)Postings_add, METH_O,
     "add(keys): the next docs, in read order; each key is one doc's search key."},
    {"seal", (PyCFunction)Postings_seal, METH_NOARGS,
     "seal(): no more docs; frees what reading them took."},
    {"finish", (PyCFunction)Postings_finish, METH_VARARGS,
     "finish(numbers, directory, directory_from): numbers (uint32 buffer) gives each doc "
     "read its stored number; no add() after it."},
    {"pop", (PyCFunction)Postings_pop, METH_NOARGS,
     "pop() -> (token, count, stored list) | None: the next token in token order."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PostingsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._postings.Postings",
    .tp_basicsize = sizeof(Postings),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Posting lists of one index space, built as keys are read.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Postings_init,
    .tp_dealloc = (destructor)Postings_dealloc,
    .tp_methods = Postings_methods,
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_postings", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__postings(void) {
    if (PyType_Ready(&PostingsType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&PostingsType);
    if (PyModule_AddObject(m, "Postings", (PyObject *)&PostingsType) < 0) {
        Py_DECREF(&PostingsType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
