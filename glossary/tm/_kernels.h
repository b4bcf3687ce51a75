/* What the files of the _kernels module share: the block size their loops run on, the
 * argument checks every kernel makes before it reads a buffer (_kernels_args.c), and
 * the readers of sorted doc lists.
 *
 * One file per purpose: _kernels.c the module, _kernels_args.c argument checks,
 * _kernels_bound.c the missing-gram bound, _kernels_count.c the one-pass count,
 * _kernels_indel.c indel distances. */
#ifndef GLOSSARY_KERNELS_H
#define GLOSSARY_KERNELS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The adders' loops run on 64-bit words side by side; where the processor has AVX2
 * they take four at a time instead of two, chosen when the module loads. Sanitizer
 * builds (KERNELS_PLAIN) keep one version, which the sanitizers follow better. */
#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(KERNELS_PLAIN)
#define WIDE __attribute__((target_clones("avx2", "default")))
#else
#define WIDE
#endif

/* Full adder on 64 lanes: a + b + c = low + 2 * high. */
#define CSA(high, low, a, b, c)                \
    do {                                       \
        uint64_t u_ = (a) ^ (b), c_ = (c);     \
        (high) = ((a) & (b)) | (u_ & c_);      \
        (low) = u_ ^ c_;                       \
    } while (0)

#define BLOCK 32  /* words of every row taken at a time by the kernels */
#define PREFETCH_BLOCKS 2  /* blocks ahead that count_window asks memory for */
#define BOUND_DIGITS 16  /* bit planes of a bound: up to 65535 positions */
#define MAX_POSITIONS 65535
#define MAX_WORDS (PY_SSIZE_T_MAX / 128)  /* doc numbers (64 per word) stay far from overflow */

/* --- argument checks (_kernels_args.c); each sets an exception and returns -1 --- */
extern PyObject *kernels_out_of_range;  /* OutOfRange(IndexError, ValueError) */
/* obj's buffer, C-contiguous, of items of struct code `code` ('q' int64, 'H' uint16,
 * 'I' uint32, 'B' bytes), writable if asked. */
int kernels_get_buffer(PyObject *obj, Py_buffer *view, char code, int writable,
                       const char *what);
/* rows (a sequence) as a tuple of its own, so buffers taken from its items cannot be
 * pulled from under the kernel by code that runs meanwhile. */
PyObject *kernels_rows_tuple(PyObject *rows, Py_ssize_t nkinds);
/* A row: a whole bitmap of the segment's docs as 64-bit words reaching at least `words`
 * words past doc `base` (kind 0), or uint32 doc numbers (kind 1). */
int kernels_get_row(PyObject *row, Py_buffer *view, char kind, Py_ssize_t words,
                    Py_ssize_t base);
/* base a multiple of 64 and words in range: what every row's check relies on. */
int kernels_check_window(Py_ssize_t words, Py_ssize_t base);
/* positions[s] in [-1, nrows), and at most MAX_POSITIONS of them. */
int kernels_check_positions(const int64_t *positions, Py_ssize_t npos, Py_ssize_t nrows);

/* --- the missing-gram bound (_kernels_bound.c) --- */
/* The bound of the first `width` (at most BLOCK) words of docs whose row words are
 * present[r][k], into bit planes out[d * BLOCK + k]. */
void kernels_block_bound(const uint64_t *const *present, const int64_t *positions,
                         Py_ssize_t npos, int q, int digits, int width, uint64_t *out);
/* --- the one-pass count (_kernels_count.c) --- */
PyObject *kernels_count_window(PyObject *self, PyObject *args);
/* --- indel distances (_kernels_indel.c) --- */
PyObject *kernels_indel_distances(PyObject *self, PyObject *args);

/* A sorted list of uint32 doc numbers, read a word's worth of docs at a time in
 * increasing order. */
typedef struct {
    const uint32_t *docs;
    Py_ssize_t len, at;
} ListCursor;

static inline void list_start(ListCursor *c, const Py_buffer *view, int64_t from) {
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
 * read into locals, so the stores into out do not make the compiler reload it. A list
 * that is not sorted gives wrong bits but never a write outside out: a doc below
 * `from` is skipped. */
static inline void list_words(ListCursor *c, int64_t from, Py_ssize_t nwords, uint64_t *out) {
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
        if (bit >= 0) out[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    c->at = at;
}

#endif
