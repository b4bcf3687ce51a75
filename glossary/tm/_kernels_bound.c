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
 * kernels_block_bound serves count_window (_kernels_count.c), for the docs its count
 * lets through, from the words it has just read. (A kernel giving the bound alone, for
 * docs a numpy count let through, bought nothing end to end and went.) */
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
