/* blas_shim.c: BLAS and LAPACKE bound on first use.
 *
 * Loading OpenBLAS costs a run about 4 ms of CPU and more of wall time before
 * main: its constructor detects the processor and starts worker threads, and
 * LAPACKE, bound eagerly, drags in the LAPACK library, libgfortran and some
 * 2 500 symbol look-ups. Most models do no BLAS work at all (a Hopfield
 * recall, a small rate network), so engram does not link them: every entry
 * point it or GSL calls is defined here (one row each in blas_entries.h) and
 * forwards to the library, which the first call of the library's entry
 * points opens. Because the program defines the cblas_* symbols, GSL's own
 * BLAS calls bind here too (and so reach OpenBLAS, not GSL's reference
 * CBLAS, as before): every result stays the same to the bit. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpack/arpack.h>
#include <cblas.h>
#include <lapacke.h>

#ifndef ENGRAM_BLAS_SONAME
#define ENGRAM_BLAS_SONAME "libopenblas.so.0"
#endif
#ifndef ENGRAM_LAPACKE_SONAME
#define ENGRAM_LAPACKE_SONAME "liblapacke.so.3"
#endif
#ifndef ENGRAM_ARPACK_SONAME
#define ENGRAM_ARPACK_SONAME "libarpack.so.2"
#endif

enum { EG_LIB_BLAS, EG_LIB_LAPACKE, EG_LIB_ARPACK, EG_LIB_N };

static const char *const sonames[EG_LIB_N] = {ENGRAM_BLAS_SONAME, ENGRAM_LAPACKE_SONAME, ENGRAM_ARPACK_SONAME};

/* The entry points' indices in the table. */
enum {
#define EG_BLAS_CALL(lib, ret, name, params, args) EG_BLAS_ID_##name,
#define EG_BLAS_VOID(lib, name, params, args) EG_BLAS_ID_##name,
#include "blas_entries.h"
#undef EG_BLAS_CALL
#undef EG_BLAS_VOID
    EG_BLAS_N
};

typedef void (*eg_blas_fn)(void);

typedef struct {
    const char *name;
    int lib;
} entry_row;

static const entry_row rows[EG_BLAS_N] = {
#define EG_BLAS_CALL(lib, ret, name, params, args) {#name, lib},
#define EG_BLAS_VOID(lib, name, params, args) {#name, lib},
#include "blas_entries.h"
#undef EG_BLAS_CALL
#undef EG_BLAS_VOID
};

/* Written once, under the library's pthread_once, and only read after it. */
static eg_blas_fn entries[EG_BLAS_N];
static pthread_once_t lib_once[EG_LIB_N] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static void *blas_handle;
static void (*blas_set_threads)(int);
static int (*blas_get_threads)(void);

/* The thread count asked for (openblas_set_num_threads) before OpenBLAS was
 * opened, applied when it is; 0 is OpenBLAS's own default, the count it
 * chose when it was opened. */
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static int threads_wanted;
static int threads_default;

/* A missing library or entry point is a broken installation: say which and stop,
 * as the dynamic loader would have at start-up. */
static void fail(const char *what, const char *why)
{
    fprintf(stderr, "engram: cannot load %s: %s\n", what, why ? why : "not found");
    abort();
}

/* The address of symbol in handle, as a function pointer (dlsym answers an
 * object pointer; copying its bytes is the conversion POSIX provides). */
static eg_blas_fn lookup(void *handle, const char *symbol)
{
    void *p = dlsym(handle, symbol);
    eg_blas_fn f = NULL;
    if (p)
        memcpy(&f, &p, sizeof f);
    return f;
}

/* Resolves every row of lib in handle; a row the library lacks stays NULL
 * and fails only if it is called. */
static void resolve_rows(void *handle, int lib)
{
    for (int i = 0; i < EG_BLAS_N; i++)
        if (rows[i].lib == lib)
            entries[i] = lookup(handle, rows[i].name);
}

/* OpenBLAS's constructor has started its worker threads, and an idle worker
 * spins on sched_yield for about 2^28 cycles before it sleeps: on a two-core
 * machine that is a core of CPU for nothing, competing with engram's own
 * threads. blas_thread_shutdown_ (what OpenBLAS's fork handler calls) stops
 * them; OpenBLAS starts them again at the first call that splits its work.
 * A BLAS without the call (OpenMP builds) keeps its threads. */
static void stop_idle_threads(void *handle)
{
    eg_blas_fn stop = lookup(handle, "blas_thread_shutdown_");
    if (stop)
        ((int (*)(void))stop)();
}

/* Opens OpenBLAS, binds its rows, stops its idle workers and applies the
 * thread count asked for so far. */
static void open_blas(void)
{
    void *h = dlopen(ENGRAM_BLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail(ENGRAM_BLAS_SONAME, dlerror());
    resolve_rows(h, EG_LIB_BLAS);
    stop_idle_threads(h);
    eg_blas_fn set = lookup(h, "openblas_set_num_threads");
    eg_blas_fn get = lookup(h, "openblas_get_num_threads");
    pthread_mutex_lock(&threads_lock);
    blas_set_threads = (void (*)(int))set;
    blas_get_threads = (int (*)(void))get;
    threads_default = blas_get_threads ? blas_get_threads() : 1;
    if (threads_wanted > 0 && blas_set_threads)
        blas_set_threads(threads_wanted);
    blas_handle = h;
    pthread_mutex_unlock(&threads_lock);
}

/* Opens LAPACKE (OpenBLAS first: LAPACK underneath it is OpenBLAS's, and its
 * workers must be stopped and its thread count set before it runs). */
static void open_lapacke(void)
{
    pthread_once(&lib_once[EG_LIB_BLAS], open_blas);
    void *h = dlopen(ENGRAM_LAPACKE_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail(ENGRAM_LAPACKE_SONAME, dlerror());
    resolve_rows(h, EG_LIB_LAPACKE);
}

/* Opens ARPACK (OpenBLAS first, for the same reason: ARPACK's BLAS and LAPACK
 * calls reach OpenBLAS underneath). */
static void open_arpack(void)
{
    pthread_once(&lib_once[EG_LIB_BLAS], open_blas);
    void *h = dlopen(ENGRAM_ARPACK_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail(ENGRAM_ARPACK_SONAME, dlerror());
    resolve_rows(h, EG_LIB_ARPACK);
}

static void (*const openers[EG_LIB_N])(void) = {open_blas, open_lapacke, open_arpack};

/* The entry point id, its library opened on first use. */
static eg_blas_fn entry(int id)
{
    int lib = rows[id].lib;
    pthread_once(&lib_once[lib], openers[lib]);
    if (!entries[id])
        fail(rows[id].name, sonames[lib]);
    return entries[id];
}

/* Every row becomes a definition with the library's own prototype (the headers
 * above check it) that calls the library's function. */
#define EG_BLAS_CALL(lib, ret, name, params, args)                                                 \
    typedef ret(*name##_fn) params;                                                                \
    ret name params { return ((name##_fn)entry(EG_BLAS_ID_##name)) args; }
#define EG_BLAS_VOID(lib, name, params, args)                                                      \
    typedef void(*name##_fn) params;                                                               \
    void name params { ((name##_fn)entry(EG_BLAS_ID_##name)) args; }
#include "blas_entries.h"
#undef EG_BLAS_CALL
#undef EG_BLAS_VOID

/* Sets OpenBLAS's thread count; before OpenBLAS is open, remembers it for
 * when it is. n < 1 restores OpenBLAS's default. Setting a count opens
 * nothing: a run that only sets and restores it around work without BLAS
 * never loads the library. */
void openblas_set_num_threads(int n)
{
    pthread_mutex_lock(&threads_lock);
    if (!blas_handle)
        threads_wanted = n > 0 ? n : 0;
    else if (blas_set_threads)
        blas_set_threads(n > 0 ? n : threads_default);
    pthread_mutex_unlock(&threads_lock);
}

/* The thread count OpenBLAS will choose when it opens, as it chooses it: the
 * first positive one of OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS and
 * OMP_NUM_THREADS, else the processors, and never more processors than there
 * are. Callers save the count, set 1 around threaded work and restore what
 * they saved, some only when it is positive: a guess of 0 would leave
 * OpenBLAS on one thread for the rest of the run. */
static int default_guess(void)
{
    long procs = sysconf(_SC_NPROCESSORS_CONF);
    int n = procs > 0 ? (int)procs : 1;
    const char *vars[] = {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"};
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++) {
        const char *v = getenv(vars[k]);
        int want = v ? atoi(v) : 0;
        if (want > 0)
            return want < n ? want : n;
    }
    return n;
}

/* OpenBLAS's thread count; before it is open, the count asked for, or the
 * one it will choose. */
int openblas_get_num_threads(void)
{
    pthread_mutex_lock(&threads_lock);
    int n = blas_handle ? (blas_get_threads ? blas_get_threads() : 1) : threads_wanted;
    pthread_mutex_unlock(&threads_lock);
    return n > 0 ? n : default_guess();
}
