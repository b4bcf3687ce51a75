#include "_kernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* A kernel call may run in parts on two threads: the calling one and a helper thread
 * of this module's own. Python's thread pool took 0.1-0.2 ms to hand two halves out
 * and back, and a sleeping thread wakes late on this kind of machine, which ate most of
 * what the second core gave. The helper stays awake (spinning) for half a millisecond
 * after each job, which covers the next kernel call of the same search, and then
 * sleeps. Parts are claimed from a shared counter, so when the helper is late the
 * calling thread simply does more of them, and a call is never much slower than doing
 * them all itself. Only one call at a time has the helper; another one meanwhile does
 * its parts alone. */

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

void kernels_run_parts(PartFn fn, void *ctx, Py_ssize_t nparts) {
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
