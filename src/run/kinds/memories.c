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

static void free_episodes(void *p)
{
    eg_episodes_free(p);
}

/* A model asking for more than this many episode entries is refused up front. */
#define EG_EPISODES_MAX_ENTRIES ((size_t)1 << 31)

/* ---- Compiling ----------------------------------------------------------- */

/* The generators by the function they are called with, and what each makes. */
typedef struct generator_row {
    const eg_schema *fn;
    eg_gen_kind kind;
    const char *param; /* the argument read into p (NULL: none) */
} generator_row;
static const generator_row generator_rows[] = {
    {&random_fn, EG_GEN_RANDOM, "p"},          {&binary_fn, EG_GEN_BINARY, "p"},
    {&sparse_fn, EG_GEN_SPARSE, "activity"},   {&orthogonal_fn, EG_GEN_ORTHOGONAL, NULL},
    {&correlated_fn, EG_GEN_CORRELATED, NULL}, {NULL, EG_GEN_FIXED, NULL},
};

/* random(...), binary(...), sparse(...), orthogonal(...), correlated(...);
 * an orthogonal set's size and count are checked against the Hadamard matrix. */
static void compile_generated(eg_compile *c, const eg_value *gen, const generator_row *row, eg_memories_spec *s,
                              eg_memories_recipe *r)
{
    eg_gen_spec *g = &r->gen;
    g->kind = row->kind;
    g->count = (size_t)eg_call_number(gen, "count");
    g->size = (size_t)eg_call_number(gen, "size");
    if (row->param)
        g->p = eg_call_number(gen, row->param);
    if (row->kind == EG_GEN_ORTHOGONAL) {
        g->skip_ones = eg_call_number(gen, "skip_ones") != 0;
        size_t d = g->size, avail = d - (size_t)g->skip_ones;
        const eg_value *size = eg_value_arg(gen, "size"), *count = eg_value_arg(gen, "count");
        if ((d & (d - 1)) != 0)
            eg_compile_error(c, size->loc,
                             "no Hadamard matrix of size %zu is built: orthogonal episodes need a size that is a "
                             "power of two (the nearest are %zu and %zu)",
                             d, (size_t)1 << (size_t)floor(log2((double)d)), (size_t)1 << (size_t)ceil(log2((double)d)));
        else if (g->count > avail)
            eg_compile_error(c, count->loc, "a %zu-unit Hadamard matrix gives 1 to %zu orthogonal episodes%s (asked for %zu)",
                             d, avail, g->skip_ones ? " without the all-ones row" : "", g->count);
    } else if (row->kind == EG_GEN_CORRELATED) {
        g->prototypes = (size_t)eg_call_number(gen, "prototypes");
        g->correlation = eg_call_number(gen, "correlation");
    }
    if ((double)g->count * (double)g->size > (double)EG_EPISODES_MAX_ENTRIES)
        eg_compile_error(c, gen->loc, "%zu episodes of %zu units would take %.1f GiB; the limit is 16 GiB", g->count,
                         g->size, (double)g->count * (double)g->size * 8 / (1 << 30));
    else {
        /* Large random bipolar sets are held packed, one bit an entry
         * (eg_build_episodes); the others as doubles. */
        double entries = (double)g->count * (double)g->size;
        int packed = row->kind == EG_GEN_RANDOM && entries >= EG_EPISODES_PACK_ENTRIES;
        eg_compile_memory(c, gen->loc, packed ? entries / 8 : entries * sizeof(double),
                          "%zu episodes of %zu units (%s)", g->count, g->size, packed ? "packed bits" : "doubles");
    }
    s->count = g->count;
    s->units = g->size;
    /* A set of all ones is both bipolar and binary: its value set stays open. */
    int all_ones = (row->param && g->p == 1) || (row->kind == EG_GEN_ORTHOGONAL && !g->skip_ones && g->count == 1);
    s->binary = !all_ones && (row->kind == EG_GEN_BINARY || row->kind == EG_GEN_SPARSE);
    s->bipolar = !all_ones && !s->binary;
}

/* explicit(rows = [...]) or explicit(values = [[...]]): the episodes are in
 * the model, so their count, size and values are all checked here. */
static void compile_explicit(eg_compile *c, const eg_value *gen, eg_memories_spec *s, eg_memories_recipe *r)
{
    const eg_value *rows = eg_value_arg(gen, "rows"), *values = eg_value_arg(gen, "values");
    if (!rows == !values) {
        eg_compile_error(c, gen->loc, "explicit(...) takes exactly one of 'rows' and 'values'");
        return;
    }
    const eg_value *list = rows ? rows : values;
    if (list->n == 0) {
        eg_compile_error(c, list->loc, "explicit(...) needs at least one episode");
        return;
    }
    size_t n = list->n;
    if (rows) {
        r->source = EG_MEMORIES_STRINGS;
        size_t d = strlen(rows->items[0]->str);
        if (d == 0)
            eg_compile_error(c, rows->items[0]->loc, "episode 0 is empty; write its units as '+' and '-'");
        const char **text = eg_compile_alloc(c, n * sizeof *text);
        for (size_t mu = 0; text && mu < n; mu++) {
            const eg_value *row = rows->items[mu];
            size_t len = strlen(row->str), bad = strspn(row->str, "+-");
            text[mu] = row->str;
            if (len != d)
                eg_compile_error(c, row->loc, "episode %zu has %zu units, episode 0 has %zu", mu, len, d);
            else if (bad < len && (unsigned char)row->str[bad] >= 0x20 && (unsigned char)row->str[bad] < 0x7f)
                eg_compile_error(c, row->loc, "episode %zu, unit %zu: '%c' is not a unit value (use '+' for +1, '-' for -1)",
                                 mu, bad, row->str[bad]);
            else if (bad < len)
                eg_compile_error(c, row->loc,
                                 "episode %zu, unit %zu: byte 0x%02x is not a unit value (use '+' for +1, '-' for -1)",
                                 mu, bad, (unsigned char)row->str[bad]);
        }
        r->text = text;
        s->units = d;
        /* Rows of only + are binary too: their value set stays open. */
        s->bipolar = 0;
        for (size_t mu = 0; text && !s->bipolar && mu < n; mu++)
            s->bipolar = strchr(text[mu], '-') != NULL;
    } else {
        r->source = EG_MEMORIES_VALUES;
        size_t d = values->items[0]->n;
        double *x = eg_compile_alloc(c, n * d * sizeof *x);
        int bipolar = 1, binary = 1;
        for (size_t mu = 0; x && mu < n; mu++)
            for (size_t i = 0; i < d; i++) {
                double v = x[mu * d + i] = values->items[mu]->items[i]->num;
                bipolar &= v == 1 || v == -1;
                binary &= v == 1 || v == 0;
            }
        r->values = x;
        s->units = d;
        /* The value set the rows hold, for the networks that store them. */
        s->bipolar = bipolar && !binary;
        s->binary = binary && !bipolar;
    }
    s->count = n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* load(file, ...): the file is read when the episodes are built; here its
 * path is resolved and the rows and value set are fixed. */
static void compile_loaded(eg_compile *c, const eg_value *gen, eg_memories_spec *s, eg_memories_recipe *r)
{
    static const char *const names[] = {"bipolar", "binary", "raw"};
    r->source = EG_MEMORIES_LOADED;
    const eg_value *count = eg_value_arg(gen, "count"), *thr = eg_value_arg(gen, "threshold");
    const char *values = eg_call_word(gen, "values");
    for (size_t k = 0; k < 3; k++)
        if (strcmp(values, names[k]) == 0)
            r->value_set = (eg_loaded_values)k;
    r->first = (size_t)eg_call_number(gen, "first");
    r->take = count ? (size_t)count->num : 0;
    r->take_all = !count;
    r->binarise = thr != NULL;
    r->threshold = thr ? thr->num : 0;
    char *path = eg_source_resolve(gen->loc.file, eg_value_arg(gen, "file")->str);
    if (!path) {
        eg_compile_error(c, gen->loc, "out of memory");
        return;
    }
    if (!eg_compile_own(c, path, free))
        return;
    eg_compile_memory_file(c, eg_value_arg(gen, "file"));
    r->path = path;
    r->file = eg_value_arg(gen, "file")->str;
    r->format = ends_with(path, ".npy") ? EG_LOADED_NPY : ends_with(path, ".csv") ? EG_LOADED_CSV : EG_LOADED_IDX;
    s->count = r->take;
    s->binary = r->value_set == EG_LOADED_BINARY;
    s->bipolar = r->value_set == EG_LOADED_BIPOLAR;
}

static eg_spec *compile_memories(eg_compile *c, const eg_block *block)
{
    eg_memories_spec *s = eg_compile_alloc(c, sizeof *s);
    eg_memories_recipe *r = eg_compile_alloc(c, sizeof *r);
    if (!s || !r)
        return NULL;
    const eg_value *gen = eg_block_value(block, "generate");
    r->loc = eg_block_loc(block, "generate");
    r->gen = (eg_gen_spec){.kind = EG_GEN_FIXED, .seed = (uint64_t)eg_block_number(block, "seed")};
    s->impl = r;
    if (gen->schema == &explicit_fn) {
        compile_explicit(c, gen, s, r);
    } else if (gen->schema == &load_fn) {
        compile_loaded(c, gen, s, r);
    } else {
        const generator_row *row = generator_rows;
        while (row->fn && row->fn != gen->schema)
            row++;
        compile_generated(c, gen, row, s, r);
    }
    return &s->head;
}

const eg_kind eg_kind_memories = {.schema = &memories_schema, .compile = compile_memories};

const eg_memories_recipe *eg_memories_recipe_of(const eg_memories_spec *spec)
{
    return spec->impl;
}

/* The compiled spec of a memories block. */
static const eg_memories_spec *memories_spec(const eg_run *run, const eg_block *block)
{
    return EG_SPEC_OF(eg_memories_spec, eg_run_spec(run, block));
}

void eg_build_gen_spec(eg_run *run, const eg_memories_spec *spec, eg_gen_spec *out)
{
    /* A sweep point mixes its stream into the seed. */
    *out = eg_memories_recipe_of(spec)->gen;
    out->seed = eg_run_seed(run, out->seed);
}

eg_status eg_gen_generate(const eg_gen_spec *g, size_t n, size_t d, uint64_t index, unsigned flags, eg_episodes **out,
                          eg_error *err)
{
    /* Sparse-only sets hold round(aD) 4-byte indices an episode, not D doubles. */
    if (g->kind == EG_GEN_SPARSE && (flags & EG_EPISODES_SPARSE_ONLY)) {
        double nnz = (double)n * (double)llround(g->p * (double)d);
        if (nnz > (double)EG_EPISODES_MAX_ENTRIES || n > UINT32_MAX)
            return eg_error_set(err, EG_ENOMEM, "%zu episodes of %zu active units would take %.1f GiB; the limit is 8 GiB",
                                n, (size_t)llround(g->p * (double)d), nnz * 4 / (1 << 30));
    } else if ((double)n * (double)d > (double)EG_EPISODES_MAX_ENTRIES)
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
        return eg_episodes_sparse(n, d, g->p, g->seed, stream, flags, out, err);
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

/* The rows [first, first + count) of a file (or of the array held in memory
 * under its name) as an N × D matrix (trailing dimensions flattened: an MNIST
 * image file gives one 784-unit row per image). With `view`, rows of a held
 * float64 C-order array are read in place (*borrowed set: the caller only
 * reads them); else only the rows asked for are copied out of it. */
static eg_status load_matrix(const char *path, const eg_run_array *held, eg_loaded_format format, size_t first,
                             size_t count, int all, int view, eg_matrix **out, int *borrowed, eg_error *err)
{
    *borrowed = 0;
    eg_array *a = NULL;
    eg_matrix *m = NULL;
    eg_status st = EG_OK;
    if (held) {
        /* Read below, only the rows asked for, straight from the caller's memory. */
    } else if (format == EG_LOADED_NPY) {
        st = eg_npy_read(path, &a, err);
    } else if (format == EG_LOADED_CSV) {
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
    } else if (m) {
        rows = m->rows;
        cols = m->cols;
    } else {
        rows = held->rows;
        cols = held->cols;
    }
    if (!all && first + count > rows)
        st = eg_error_set(err, EG_EINVAL, "%s has %zu rows; rows %zu to %zu were asked for", path, rows, first,
                          first + count - 1);
    else if (all && first >= rows)
        st = eg_error_set(err, EG_EINVAL, "%s has %zu rows; the first asked for is row %zu", path, rows, first);
    else if (cols == 0)
        st = eg_error_set(err, EG_EINVAL, "%s has rows of no units", path);
    size_t n = all ? rows - first : count;
    eg_run_array part = held ? *held : (eg_run_array){0};
    part.data = held && st == EG_OK ? (const char *)held->data + (ptrdiff_t)first * held->row_stride : NULL;
    part.rows = n;
    eg_matrix *r = NULL;
    if (st == EG_OK && held && view && n > 0)
        *borrowed = eg_run_array_view(&part, &r);
    if (st == EG_OK && !*borrowed &&
        (held ? eg_run_array_matrix(&part, &r) != EG_OK : !(r = eg_matrix_alloc(n, cols))))
        st = eg_error_set(err, EG_ENOMEM, "out of memory reading %s", path);
    if (st == EG_OK && !held)
        memcpy(r->data, (a ? a->data : m->data) + first * cols, n * cols * sizeof(double));
    eg_array_free(a);
    eg_matrix_free(m);
    if (st != EG_OK)
        return st;
    *out = r;
    return EG_OK;
}

/* Episodes from a load(...) call: binarised with the threshold, or checked.
 * What the file holds is data: a file that does not fit is an I/O error. */
static eg_status build_loaded(eg_run *run, const eg_memories_recipe *r, eg_episodes **out)
{
    eg_matrix *m = NULL;
    eg_error err;
    int borrowed = 0;
    /* Binarising writes the values: a caller's array is then copied. */
    eg_status st = load_matrix(r->path, eg_run_array_named(run, r->file), r->format, r->first, r->take, r->take_all,
                               !r->binarise, &m, &borrowed, &err);
    if (st != EG_OK)
        return eg_run_fail(run, st == EG_EINVAL ? EG_EIO : st, r->loc, "%s", err.msg);
    int bipolar = r->value_set == EG_LOADED_BIPOLAR, binary = r->value_set == EG_LOADED_BINARY;
    double lo = bipolar ? -1 : 0;
    for (size_t k = 0; k < m->rows * m->cols; k++) {
        double x = m->data[k];
        if (!isfinite(x)) {
            st = eg_run_fail(run, EG_EIO, r->loc, "%s: row %zu, column %zu is not a finite number", r->path,
                             k / m->cols, k % m->cols);
            break;
        }
        if (r->binarise && (bipolar || binary)) {
            m->data[k] = x > r->threshold ? 1 : lo;
        } else if ((bipolar || binary) && x != 1 && x != lo) {
            st = eg_run_fail(run, EG_EIO, r->loc,
                             "%s: row %zu, column %zu holds %g, which is not %s; give a threshold to binarise, or "
                             "values = raw",
                             r->path, k / m->cols, k % m->cols, x, bipolar ? "-1 or +1 (bipolar)" : "0 or 1 (binary)");
            break;
        }
    }
    eg_episodes *ep = NULL;
    if (st == EG_OK && (st = eg_episodes_from_matrix(m, &ep, &err)) != EG_OK)
        st = eg_run_fail(run, st, r->loc, "%s", err.msg);
    eg_matrix_release(m, borrowed);
    if (st == EG_OK)
        *out = ep;
    return st;
}

/* Episodes written in the model: strings of + and -, or rows of numbers
 * (checked at compile; only memory can fail here). */
static eg_status build_explicit(eg_run *run, const eg_memories_spec *spec, eg_episodes **out)
{
    const eg_memories_recipe *r = eg_memories_recipe_of(spec);
    eg_error err;
    eg_status st;
    if (r->source == EG_MEMORIES_STRINGS) {
        st = eg_episodes_from_strings(r->text, spec->count, out, &err);
        return st == EG_OK ? EG_OK : eg_run_fail(run, st, r->loc, "%s", err.msg);
    }
    eg_matrix *m = eg_matrix_alloc(spec->count, spec->units);
    if (!m)
        return eg_run_fail(run, EG_ENOMEM, r->loc, "out of memory");
    memcpy(m->data, r->values, spec->count * spec->units * sizeof *r->values);
    st = eg_episodes_from_matrix(m, out, &err);
    eg_matrix_free(m);
    return st == EG_OK ? EG_OK : eg_run_fail(run, st, r->loc, "%s", err.msg);
}

eg_status eg_build_episodes(eg_run *run, const eg_block *block, const eg_episodes **out)
{
    eg_episodes *ep = eg_run_cached(run, block);
    if (ep) {
        *out = ep;
        return EG_OK;
    }
    const eg_memories_spec *spec = memories_spec(run, block);
    const eg_memories_recipe *r = eg_memories_recipe_of(spec);
    eg_status st;
    if (r->source == EG_MEMORIES_LOADED) {
        st = build_loaded(run, r, &ep);
    } else if (r->source != EG_MEMORIES_GENERATED) {
        st = build_explicit(run, spec, &ep);
    } else {
        eg_gen_spec g;
        eg_error err;
        eg_build_gen_spec(run, spec, &g);
        /* Large random bipolar sets stay packed: seed 001's D = 8000, N = 900
         * takes 0.9 MB instead of 58 MB (kinds.h). */
        unsigned flags = (double)g.count * (double)g.size >= EG_EPISODES_PACK_ENTRIES ? EG_EPISODES_PACKED_ONLY
                                                                                      : EG_EPISODES_DEFAULT;
        if ((st = eg_gen_generate(&g, g.count, g.size, 0, flags, &ep, &err)) != EG_OK)
            st = eg_run_fail(run, st, r->loc, "%s", err.msg);
    }
    if (st != EG_OK)
        return st;
    if ((st = eg_run_cache(run, block, ep, free_episodes)) != EG_OK)
        return eg_run_fail(run, st, r->loc, "out of memory");
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
        return eg_run_fail(run, st, eg_memories_recipe_of(memories_spec(run, block))->loc, "%s", err.msg);
    *out = own;
    return EG_OK;
}

eg_status eg_build_episode_row(eg_run *run, const eg_value *ref, double **out, size_t *units)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, ref->ref, &ep);
    if (st != EG_OK)
        return st;
    /* An index past a count known at check is reported there by the kinds
     * that compile their references; past the rows of a file, it is data. */
    if ((size_t)ref->index >= ep->count)
        return eg_run_fail(run, memories_spec(run, ref->ref)->count > 0 ? EG_EINVAL : EG_EIO, ref->loc, "index %ld is out of range: memories '%s' holds %zu episode%s",
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
