/* kind_memories.c: `memories` blocks: stored episodes, generated, written out
 * or loaded from files, and the generators experiments re-run per trial. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/csv.h"
#include "engram/idx.h"
#include "engram/npy.h"
#include "run/assoc.h"
#include "lang/source.h"
#include "run/kinds.h"

static const eg_key random_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D"},
    {"p", &eg_type_probability, 0, 0.5, NULL, "probability of +1 in each unit"},
    EG_KEYS_END,
};
static const eg_key binary_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D"},
    {"p", &eg_type_probability, 0, 0.5, NULL, "probability of 1 in each unit"},
    EG_KEYS_END,
};
static const eg_key sparse_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D"},
    {"activity", &eg_type_probability, 1, 0, NULL, "fraction a of active units: exactly round(a·D) are 1"},
    EG_KEYS_END,
};
static const eg_type flag_type = EG_TYPE_INTEGER_RANGE(0, 1, "0 or 1");
static const eg_key orthogonal_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N (at most D - 1, or D with skip_ones = 0)"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D, a power of two"},
    {"skip_ones", &flag_type, 0, 1, NULL, "1: leave out the all-ones row of the Hadamard matrix"},
    EG_KEYS_END,
};
static const eg_key correlated_keys[] = {
    {"count", &eg_type_count, 1, 0, NULL, "number of episodes N (families of N / prototypes, the last cut short)"},
    {"size", &eg_type_count, 1, 0, NULL, "units per episode D"},
    {"prototypes", &eg_type_count, 0, 1, NULL, "number of random prototypes"},
    {"correlation", &eg_type_probability, 1, 0, NULL,
     "expected overlap ξ_μ·ξ_ν/D of two episodes of one prototype"},
    EG_KEYS_END,
};
static const eg_type string_list_type = {.kind = EG_TY_LIST, .elem = &eg_type_string,
                                         .what = "a list of strings such as [\"+-+-\", \"++--\"]"};
static const eg_key explicit_keys[] = {
    {"rows", &string_list_type, 0, 0, NULL, "the episodes as strings, '+' for +1 and '-' for -1"},
    {"values", &eg_type_matrix, 0, 0, NULL, "the episodes as rows of numbers"},
    EG_KEYS_END,
};
static const char *const values_words[] = {"bipolar", "binary", "raw", NULL};
static const eg_type values_type = {.kind = EG_TY_WORD, .words = values_words};
static const eg_key load_keys[] = {
    {"file", &eg_type_string, 1, 0, NULL, "a .npy, .csv or IDX file, relative to the model file; one episode per row"},
    {"threshold", &eg_type_number, 0, 0, NULL, "binarise: a value above it becomes +1 (or 1), the others -1 (or 0)"},
    {"values", &values_type, 0, 0, "bipolar", "what the episodes hold: bipolar, binary or raw numbers"},
    {"first", &eg_type_index, 0, 0, NULL, "the first row to take"},
    {"count", &eg_type_count, 0, 0, NULL, "how many rows to take (default: all from first)"},
    EG_KEYS_END,
};
static const eg_schema random_fn = EG_SCHEMA("random", "random bipolar episodes, units independent", random_keys);
static const eg_schema binary_fn = EG_SCHEMA("binary", "random {0,1} episodes, units independent", binary_keys);
static const eg_schema sparse_fn = EG_SCHEMA("sparse", "{0,1} episodes with a fixed number of active units", sparse_keys);
static const eg_schema orthogonal_fn =
    EG_SCHEMA("orthogonal", "mutually orthogonal bipolar episodes: rows of the Sylvester Hadamard matrix", orthogonal_keys);
static const eg_schema correlated_fn =
    EG_SCHEMA("correlated", "families of bipolar episodes around random prototypes", correlated_keys);
static const eg_schema explicit_fn = EG_SCHEMA("explicit", "episodes written in the model", explicit_keys);
static const eg_schema load_fn = EG_SCHEMA("load", "episodes read from a .npy, .csv or IDX file", load_keys);

static const eg_schema *const generators[] = {&random_fn,     &binary_fn,   &sparse_fn, &orthogonal_fn,
                                              &correlated_fn, &explicit_fn, &load_fn,   NULL};
static const eg_type generate_type = {.kind = EG_TY_CALL, .calls = generators,
                                      .what = "a generator such as random(...), sparse(...) or load(...)"};

static const eg_key memories_keys[] = {
    {"generate", &generate_type, 1, 0, NULL, "how the episodes are made"},
    {"seed", &eg_type_index, 0, 0, NULL, "seed of the generator"},
    EG_KEYS_END,
};
static const eg_schema memories_schema = EG_SCHEMA("memories", "a set of stored episodes", memories_keys);

const eg_kind eg_kind_memories = {.schema = &memories_schema};

static void free_episodes(void *p)
{
    eg_episodes_free(p);
}

/* A model asking for more than this many episode entries is refused up front. */
#define EG_EPISODES_MAX_ENTRIES ((size_t)1 << 31)

/* The seed of a memories block's generator. */
static uint64_t block_seed(const eg_block *block)
{
    return (uint64_t)eg_block_number(block, "seed");
}

eg_status eg_build_gen_spec(eg_run *run, const eg_block *block, eg_gen_spec *out)
{
    /* Every generator's keys are checked by the schema; a sweep point mixes its stream into the seed. */
    const eg_value *gen = eg_block_value(block, "generate");
    eg_gen_spec g = {.kind = EG_GEN_FIXED, .seed = eg_run_seed(run, block_seed(block))};
    const char *name = gen->str;
    if (strcmp(name, "explicit") != 0 && strcmp(name, "load") != 0) {
        g.count = (size_t)eg_call_number(gen, "count");
        g.size = (size_t)eg_call_number(gen, "size");
    }
    if (strcmp(name, "random") == 0) {
        g.kind = EG_GEN_RANDOM;
        g.p = eg_call_number(gen, "p");
    } else if (strcmp(name, "binary") == 0) {
        g.kind = EG_GEN_BINARY;
        g.p = eg_call_number(gen, "p");
    } else if (strcmp(name, "sparse") == 0) {
        g.kind = EG_GEN_SPARSE;
        g.p = eg_call_number(gen, "activity");
    } else if (strcmp(name, "orthogonal") == 0) {
        g.kind = EG_GEN_ORTHOGONAL;
        g.skip_ones = eg_call_number(gen, "skip_ones") != 0;
    } else if (strcmp(name, "correlated") == 0) {
        g.kind = EG_GEN_CORRELATED;
        g.prototypes = (size_t)eg_call_number(gen, "prototypes");
        g.correlation = eg_call_number(gen, "correlation");
    }
    *out = g;
    return EG_OK;
}

eg_status eg_gen_generate(const eg_gen_spec *g, size_t n, size_t d, uint64_t index, unsigned flags, eg_episodes **out,
                          eg_error *err)
{
    if ((double)n * (double)d > (double)EG_EPISODES_MAX_ENTRIES)
        return eg_error_set(err, EG_ENOMEM, "%zu episodes of %zu units would take %.1f GiB; the limit is 16 GiB", n,
                            d, (double)n * (double)d * 8 / (1 << 30));
    /* Streams: a set uses indices 2·index and 2·index + 1 (the correlated
     * generator draws its noise from the second), so sets never share one. */
    uint64_t stream = 2 * index;
    switch (g->kind) {
    case EG_GEN_RANDOM:
        return eg_episodes_random_bipolar(n, d, g->p, g->seed, stream, flags, out, err);
    case EG_GEN_BINARY:
        return eg_episodes_random_binary(n, d, g->p, g->seed, stream, out, err);
    case EG_GEN_SPARSE:
        return eg_episodes_sparse(n, d, g->p, g->seed, stream, out, err);
    case EG_GEN_ORTHOGONAL: {
        eg_status st = eg_episodes_hadamard(n, d, g->skip_ones, out, err);
        if (st == EG_EINVAL && (d & (d - 1)) != 0)
            return eg_error_set(err, EG_EINVAL,
                                "no Hadamard matrix of size %zu is built: orthogonal episodes need a size that is a "
                                "power of two (the nearest are %zu and %zu)",
                                d, (size_t)1 << (size_t)floor(log2((double)d)),
                                (size_t)1 << (size_t)ceil(log2((double)d)));
        return st;
    }
    case EG_GEN_CORRELATED: {
        /* Two episodes of one prototype, each unit flipped with probability
         * q, agree in expectation by (1 − 2q)² = correlation. When N is not a
         * multiple of the prototypes, the last family is cut short. */
        double q = (1 - sqrt(g->correlation)) / 2;
        size_t per = (n + g->prototypes - 1) / g->prototypes;
        eg_episodes *full = NULL;
        eg_status st = eg_episodes_correlated(g->prototypes, per, d, q, g->seed, stream, &full, NULL, err);
        if (st != EG_OK || full->count == n) {
            *out = full;
            return st;
        }
        eg_matrix *m = eg_matrix_alloc(n, d);
        if (!m) {
            eg_episodes_free(full);
            return eg_error_set(err, EG_ENOMEM, "out of memory");
        }
        for (size_t mu = 0; mu < n; mu++)
            for (size_t i = 0; i < d; i++)
                m->data[mu * d + i] = eg_episodes_get(full, mu, i);
        eg_episodes_free(full);
        st = eg_episodes_from_matrix(m, out, err);
        eg_matrix_free(m);
        return st;
    }
    case EG_GEN_FIXED:
        break;
    }
    return eg_error_set(err, EG_EINVAL, "episodes written out or loaded cannot be regenerated with another count or size");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The rows [first, first + count) of a file as an N × D matrix (trailing
 * dimensions flattened: an MNIST image file gives one 784-unit row per image). */
static eg_status load_matrix(const char *path, size_t first, size_t count, int all, eg_matrix **out, eg_error *err)
{
    eg_array *a = NULL;
    eg_matrix *m = NULL;
    eg_status st;
    if (ends_with(path, ".npy")) {
        st = eg_npy_read(path, &a, err);
    } else if (ends_with(path, ".csv")) {
        eg_csv_table *t = NULL;
        if ((st = eg_csv_read(path, 0, &t, err)) != EG_OK)
            return st;
        /* Keep the matrix; the table frees its names (it counts them by the
         * matrix's columns, so it frees them while it still has the matrix). */
        m = t->values;
        if (t->names) {
            for (size_t j = 0; j < m->cols; j++)
                free(t->names[j]);
            free(t->names);
            t->names = NULL;
        }
        t->values = NULL;
        eg_csv_table_free(t);
    } else {
        st = eg_idx_read(path, &a, NULL, err);
    }
    if (st != EG_OK)
        return st;
    size_t rows, cols;
    if (a) {
        if (a->ndim < 2) {
            size_t ndim = a->ndim;
            eg_array_free(a);
            return eg_error_set(err, EG_EINVAL, "%s holds a %zu-dimensional array; episodes need rows (2 or more dimensions)",
                                path, ndim);
        }
        rows = a->shape[0];
        cols = rows ? a->size / rows : 0;
    } else {
        rows = m->rows;
        cols = m->cols;
    }
    if (!all && first + count > rows)
        st = eg_error_set(err, EG_EINVAL, "%s has %zu rows; rows %zu to %zu were asked for", path, rows, first,
                          first + count - 1);
    else if (all && first >= rows)
        st = eg_error_set(err, EG_EINVAL, "%s has %zu rows; the first asked for is row %zu", path, rows, first);
    else if (cols == 0)
        st = eg_error_set(err, EG_EINVAL, "%s has rows of no units", path);
    size_t n = all ? rows - first : count;
    eg_matrix *r = st == EG_OK ? eg_matrix_alloc(n, cols) : NULL;
    if (st == EG_OK && !r)
        st = eg_error_set(err, EG_ENOMEM, "out of memory reading %s", path);
    if (st == EG_OK)
        memcpy(r->data, (a ? a->data : m->data) + first * cols, n * cols * sizeof(double));
    eg_array_free(a);
    eg_matrix_free(m);
    if (st != EG_OK)
        return st;
    *out = r;
    return EG_OK;
}

/* Episodes from a load(...) call: binarised with the threshold, or checked. */
static eg_status build_loaded(eg_run *run, const eg_value *gen, eg_episodes **out)
{
    const char *file = eg_value_arg(gen, "file")->str;
    const eg_value *count = eg_value_arg(gen, "count"), *thr = eg_value_arg(gen, "threshold");
    const char *values = eg_call_word(gen, "values");
    char *path = eg_source_resolve(gen->loc.file, file);
    if (!path)
        return eg_run_fail(run, EG_ENOMEM, gen->loc, "out of memory");
    eg_matrix *m = NULL;
    eg_error err;
    eg_status st = load_matrix(path, (size_t)eg_call_number(gen, "first"), count ? (size_t)count->num : 0, !count, &m,
                               &err);
    if (st != EG_OK) {
        free(path);
        return eg_run_fail(run, st, gen->loc, "%s", err.msg);
    }
    int bipolar = strcmp(values, "bipolar") == 0, binary = strcmp(values, "binary") == 0;
    double lo = bipolar ? -1 : 0;
    for (size_t k = 0; k < m->rows * m->cols; k++) {
        double x = m->data[k];
        if (!isfinite(x)) {
            st = eg_run_fail(run, EG_EINVAL, gen->loc, "%s: row %zu, column %zu is not a finite number", path,
                             k / m->cols, k % m->cols);
            break;
        }
        if (thr && (bipolar || binary)) {
            m->data[k] = x > thr->num ? 1 : lo;
        } else if ((bipolar || binary) && x != 1 && x != lo) {
            st = eg_run_fail(run, EG_EINVAL, gen->loc,
                             "%s: row %zu, column %zu holds %g, which is not %s; give a threshold to binarise, or "
                             "values = raw",
                             path, k / m->cols, k % m->cols, x, bipolar ? "-1 or +1 (bipolar)" : "0 or 1 (binary)");
            break;
        }
    }
    free(path);
    eg_episodes *ep = NULL;
    if (st == EG_OK && (st = eg_episodes_from_matrix(m, &ep, &err)) != EG_OK)
        st = eg_run_fail(run, st, gen->loc, "%s", err.msg);
    eg_matrix_free(m);
    if (st == EG_OK)
        *out = ep;
    return st;
}

/* Episodes from an explicit(...) call: strings of + and -, or rows of numbers. */
static eg_status build_explicit(eg_run *run, const eg_value *gen, eg_episodes **out)
{
    const eg_value *rows = eg_value_arg(gen, "rows"), *values = eg_value_arg(gen, "values");
    eg_error err;
    eg_status st;
    if (!rows == !values)
        return eg_run_fail(run, EG_EINVAL, gen->loc, "explicit(...) takes exactly one of 'rows' and 'values'");
    if (!rows)
        rows = values;
    if (rows->n == 0)
        return eg_run_fail(run, EG_EINVAL, rows->loc, "explicit(...) needs at least one episode");
    if (rows->items[0]->kind == EG_VAL_STRING) {
        const char **text = calloc(rows->n, sizeof *text);
        if (!text)
            return eg_run_fail(run, EG_ENOMEM, rows->loc, "out of memory");
        for (size_t i = 0; i < rows->n; i++)
            text[i] = rows->items[i]->str;
        st = eg_episodes_from_strings(text, rows->n, out, &err);
        free(text);
        return st == EG_OK ? EG_OK : eg_run_fail(run, st, rows->loc, "%s", err.msg);
    }
    size_t d = rows->items[0]->n;
    eg_matrix *m = eg_matrix_alloc(rows->n, d);
    if (!m)
        return eg_run_fail(run, EG_ENOMEM, rows->loc, "out of memory");
    for (size_t i = 0; i < rows->n; i++)
        for (size_t j = 0; j < d; j++)
            m->data[i * d + j] = rows->items[i]->items[j]->num;
    st = eg_episodes_from_matrix(m, out, &err);
    eg_matrix_free(m);
    return st == EG_OK ? EG_OK : eg_run_fail(run, st, rows->loc, "%s", err.msg);
}

eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out)
{
    eg_episodes *ep = eg_run_cached(run, block);
    if (ep) {
        *out = ep;
        return EG_OK;
    }
    const eg_value *gen = eg_block_value(block, "generate");
    eg_loc loc = eg_block_loc(block, "generate");
    eg_status st;
    if (strcmp(gen->str, "load") == 0) {
        st = build_loaded(run, gen, &ep);
    } else if (strcmp(gen->str, "explicit") == 0) {
        st = build_explicit(run, gen, &ep);
    } else {
        eg_gen_spec g;
        eg_error err;
        /* Large random bipolar sets stay packed: seed 001's D = 8000, N = 900
         * takes 0.9 MB instead of 58 MB (kinds.h). */
        if ((st = eg_build_gen_spec(run, block, &g)) == EG_OK) {
            unsigned flags = (double)g.count * (double)g.size >= EG_EPISODES_PACK_ENTRIES ? EG_EPISODES_PACKED_ONLY
                                                                                          : EG_EPISODES_DEFAULT;
            if ((st = eg_gen_generate(&g, g.count, g.size, 0, flags, &ep, &err)) != EG_OK)
                st = eg_run_fail(run, st, loc, "%s", err.msg);
        }
    }
    if (st != EG_OK)
        return st;
    if ((st = eg_run_cache(run, block, ep, free_episodes)) != EG_OK)
        return eg_run_fail(run, st, loc, "out of memory");
    *out = ep;
    return EG_OK;
}

eg_status eg_build_episodes_unpacked(eg_run *run, const eg_block *block, const eg_episodes **out)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, block, &ep);
    if (st != EG_OK || ep->xi) {
        *out = ep;
        return st;
    }
    /* The set is the run's (cached above): adding its double form in place
     * changes no value, only how the set is held. */
    eg_episodes *own = eg_run_cached(run, block);
    eg_error err;
    if ((st = eg_episodes_unpack(own, &err)) != EG_OK)
        return eg_run_fail(run, st, eg_block_loc(block, "generate"), "%s", err.msg);
    *out = own;
    return EG_OK;
}

eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, ref->ref, &ep);
    if (st != EG_OK)
        return st;
    if ((size_t)ref->index >= ep->count)
        return eg_run_fail(run, EG_EINVAL, ref->loc, "index %ld is out of range: memories '%s' holds %zu episode%s",
                           ref->index, ref->str, ep->count, ep->count == 1 ? "" : "s");
    double *row = malloc(ep->units * sizeof *row);
    if (!row)
        return eg_run_fail(run, EG_ENOMEM, ref->loc, "out of memory");
    eg_error err;
    if ((st = eg_episodes_row(ep, (size_t)ref->index, row, &err)) != EG_OK) {
        free(row);
        return eg_run_fail(run, st, ref->loc, "%s", err.msg);
    }
    *out = row;
    *units = ep->units;
    return EG_OK;
}
