/* spectrum.c: `analyze spectrum` blocks: the eigenspectrum of a network's recurrent weights (or
 * any matrix), read in a memory basis and compared with a task's theoretical Φ
 * (docs/science.md, "Spectra and the Episodic Memory Theory"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "run/assoc.h"
#include "run/build.h"
#include "run/kinds.h"
#include "run/kinds/recurrent.h"
#include "run/spectrum_report.h"

static const eg_type net_ref = {.kind = EG_TY_REF, .ref_item = EG_REF_WHOLE, .what = "a network or train block"};
static const eg_type task_ref = {.kind = EG_TY_REF, .ref_kind = "task", .ref_item = EG_REF_WHOLE};
static const eg_type memories_ref = {.kind = EG_TY_REF, .ref_kind = "memories", .ref_item = EG_REF_WHOLE};

static const eg_key privileged_keys[] = {
    {"task", &task_ref, 1, 0, NULL, "the task: s steps, width d matching the input weights"},
    EG_KEYS_END,
};
static const eg_key no_keys[] = {EG_KEYS_END};
static const eg_schema privileged_fn = EG_SCHEMA(
    "privileged", "Ψ = [W^{s−1}W_uh, …, W W_uh, W_uh], columns normalised (EMT's privileged basis)", privileged_keys);
static const eg_schema constructed_fn =
    EG_SCHEMA("constructed", "the basis a constructed network was built from", no_keys);
static const eg_schema *const basis_fns[] = {&privileged_fn, &constructed_fn, &eg_fn_load, NULL};
static const eg_type basis_call = {.kind = EG_TY_CALL, .calls = basis_fns};
static const eg_type *const basis_alts[] = {&basis_call, &eg_type_matrix, &memories_ref, NULL};
static const eg_type basis_type = {
    .kind = EG_TY_ONEOF, .alts = basis_alts,
    .what = "a basis: privileged(task = ...), constructed, load(\"B.npy\"), a matrix or a memories block"};

static const char *const convention_words[] = {"emt", "gsemm", NULL};
static const eg_type convention_type = {.kind = EG_TY_WORD, .words = convention_words};
static const eg_key theory_keys[] = {
    {"task", &task_ref, 1, 0, NULL, "the task whose Φ is the theory"},
    {"convention", &convention_type, 0, 0, "emt",
     "emt: the spectrum of Φ (W = ΨΦΨ†); gsemm: of I + Φᵀ (W = Ξ(I + Φᵀ)Ξᵀ)"},
    EG_KEYS_END,
};
static const eg_schema theory_fn = EG_SCHEMA("theory", "the task's theoretical interaction matrix Φ", theory_keys);
static const eg_schema *const compare_fns[] = {&theory_fn, NULL};
static const eg_type compare_type = {.kind = EG_TY_CALL, .calls = compare_fns, .what = "theory(task)"};
static const char *const bool_words[] = {"false", "true", NULL};
static const eg_type bool_type = {.kind = EG_TY_WORD, .words = bool_words};

static const eg_key spectrum_keys[] = {
    {"network", &net_ref, 0, 0, NULL, "the network whose recurrent weights are analysed"},
    {"matrix", &eg_type_weights, 0, 0, NULL, "a matrix to analyse instead of a network's"},
    {"basis", &basis_type, 0, 0, NULL, "read W in this memory basis: Φ = Ψ†WΨ"},
    {"compare", &compare_type, 0, 0, NULL, "compare eigenvalue angles with a task's theoretical Φ"},
    {"threshold", &eg_type_positive, 0, EG_EMT_ANGLE_THRESHOLD, NULL, "|λ| above which angles are compared"},
    {"rank_threshold", &eg_type_positive, 0, EG_SPECTRUM_RANK_THRESHOLD, NULL, "|λ| above which eigenvalues count toward the rank"},
    {"vectors", &bool_type, 0, 0, "false", "also write the eigenvectors"},
    EG_KEYS_END,
};
static const eg_schema spectrum_schema = {.name = "spectrum",
                                          .doc = "eigenvalues of a recurrent matrix and its reading as memories",
                                          .keys = spectrum_keys,
                                          .family = "analyze"};

/* The basis W is read in. */
typedef enum basis_kind {
    BASIS_NONE,
    BASIS_MATRIX,      /* inline or load(...) */
    BASIS_EPISODES,    /* a memories block: Ψ = Ξᵀ */
    BASIS_PRIVILEGED,  /* privileged(task = ...) */
    BASIS_CONSTRUCTED  /* the constructed network's own */
} basis_kind;

/* How a Hopfield network's outer-product sum is scaled (its `normalize`). */
typedef enum hebbian_scale { SCALE_UNITS, SCALE_COUNT, SCALE_NONE } hebbian_scale;

/* An analyze spectrum block. */
typedef struct spectrum_spec {
    eg_spec head;
    /* What is analysed: a recurrent network, a Hopfield network's episodes, or a matrix. */
    eg_rnn_source net;
    const eg_block *hopfield; /* a network storing episodes: its Hebbian spectrum */
    int dense;                /* its rule is not Hebb's: the spectrum of the W it builds */
    int zero_diagonal;
    hebbian_scale scale;
    size_t hopfield_units; /* D of its episodes, or EG_SIZE_UNKNOWN */
    const eg_value *matrix;
    eg_loc net_loc;
    const char *w_name;
    /* The basis. */
    basis_kind basis;
    const eg_value *basis_value; /* BASIS_MATRIX, BASIS_EPISODES */
    const eg_task_spec *basis_task; /* BASIS_PRIVILEGED */
    eg_loc basis_loc;
    const char *basis_name;
    /* The theory. */
    const eg_task_spec *theory;
    int theory_gsemm;
    eg_loc theory_loc;
    char *theory_name;
    double rank_threshold, angle_threshold;
    int vectors;
} spectrum_spec;

/* ---- Compiling ----------------------------------------------------------- */

/* The units of what is analysed, when known at compile time (else EG_SIZE_UNKNOWN). */
static size_t units_of(const spectrum_spec *spec)
{
    if (spec->matrix)
        return spec->matrix->kind == EG_VAL_LIST ? spec->matrix->n : EG_SIZE_UNKNOWN;
    if (spec->hopfield)
        return spec->hopfield_units;
    return spec->net.rnn || spec->net.train ? spec->net.hidden : EG_SIZE_UNKNOWN;
}

/* A Hopfield network (one that stores episodes) is analysed from its episodes. */
static int stores_episodes(eg_compile *c, const eg_value *nref)
{
    if (!nref->ref || eg_kind_of(nref->ref) != &eg_kind_network)
        return 0;
    const eg_network_spec *net = eg_compile_network(c, nref);
    return net && net->flavour == EG_FLAVOUR_DISCRETE && (net->store || eg_block_value(nref->ref, "store"));
}

static void compile_basis(eg_compile *c, const eg_value *bv, const eg_value *nref, spectrum_spec *spec);

/* A Hopfield network: its spectrum from its episodes, or its W read in a basis. */
static void compile_hebbian(eg_compile *c, const eg_block *block, const eg_value *nref, spectrum_spec *spec)
{
    const eg_block *hop = nref->ref;
    spec->hopfield = hop;
    /* Only Hebb's rule has the Gram-matrix shortcut; other coupling-matrix rules
     * are read from the W they build, and rules without one have no spectrum. */
    const eg_discrete_spec *d = eg_network_discrete(eg_compile_network(c, nref));
    if (d && d->assoc.kind != EG_ASSOC_WEIGHTS) {
        eg_compile_error(c, nref->loc, "'%s' stores with rule '%s', which has no coupling matrix; a spectrum needs one",
                         nref->str, d->assoc.rule_name);
        eg_compile_note(c, d->rule_loc, "the rule is set here");
        return;
    }
    spec->dense = d && d->assoc.weights != NULL;
    spec->zero_diagonal = eg_block_number(hop, "self") == 0;
    const char *norm = eg_block_word(hop, "normalize");
    spec->scale = strcmp(norm, "count") == 0 ? SCALE_COUNT : strcmp(norm, "none") == 0 ? SCALE_NONE : SCALE_UNITS;
    /* The zero-diagonal shortcut needs episodes of constant norm: ±1, not {0, 1}. */
    const eg_memories_spec *m = eg_compile_memories(c, eg_block_value(hop, "store"));
    spec->hopfield_units = m && m->units > 0 ? m->units : EG_SIZE_UNKNOWN;
    if (m && m->binary && spec->zero_diagonal && !eg_block_value(block, "basis"))
        eg_compile_error(c, nref->loc,
                         "the spectrum of '%s' is computed from its episodes with a zero diagonal, which needs "
                         "bipolar episodes; '%s' holds binary ones (give the network self = 1)",
                         nref->str, eg_block_value(hop, "store")->str);
    /* W read in a basis needs W itself (formed at run time); a theory applies
     * to recurrent networks solving a task, which a Hopfield network is not. */
    const eg_value *bv = eg_block_value(block, "basis"), *cv = eg_block_value(block, "compare");
    if (bv && bv->kind == EG_VAL_CALL && strcmp(bv->str, "load") != 0)
        eg_compile_error(c, bv->loc,
                         "basis %s is built from a recurrent network's weights, but '%s' is a Hopfield network; "
                         "read it in its episodes (basis = a memories block) or a loaded matrix",
                         bv->str, nref->str);
    else if (bv)
        compile_basis(c, bv, NULL, spec);
    if (cv)
        eg_compile_error(c, eg_block_loc(block, "compare"),
                         "'compare' needs a recurrent network's weights, but '%s' is a Hopfield network, whose "
                         "spectrum no task's theory predicts",
                         nref->str);
    /* The episodes as doubles and their N × N Gram matrix; W itself (D × D)
     * when it is formed (a dense rule, or read in a basis). */
    if (m && m->count > 0 && m->units > 0) {
        double n = (double)m->count, d = (double)m->units;
        if (!spec->dense && !bv)
            eg_compile_memory(c, nref->loc, (n * d + n * n) * sizeof(double),
                              "the spectrum of '%s' (%zu episodes of %zu units and their Gram matrix, doubles)",
                              nref->str, m->count, m->units);
        else
            eg_compile_memory(c, nref->loc, d * d * sizeof(double), "the spectrum of '%s' (W, %zu × %zu doubles)",
                              nref->str, m->units, m->units);
    }
}

/* basis = privileged(task = ...): the task must fit the network's input weights and units. */
static void compile_privileged(eg_compile *c, const eg_value *bv, const eg_value *nref, spectrum_spec *spec)
{
    const eg_value *tref = eg_value_arg(bv, "task");
    const eg_task_spec *t = spec->basis_task = eg_compile_task(c, tref);
    if (!t || !(spec->net.rnn || spec->net.train))
        return;
    size_t in = spec->net.in, h = spec->net.hidden;
    if (in != EG_SIZE_UNKNOWN && in != t->d)
        eg_compile_error(c, tref->loc, "task '%s' has width %zu but the input weights of '%s' have %zu column%s",
                         tref->str, t->d, nref->str, in, in == 1 ? "" : "s");
    else if (h != EG_SIZE_UNKNOWN && t->s * t->d > h)
        eg_compile_error(c, tref->loc, "task '%s' needs s·d = %zu basis vectors but '%s' has %zu units", tref->str,
                         t->s * t->d, nref->str, h);
}

static void compile_basis(eg_compile *c, const eg_value *bv, const eg_value *nref, spectrum_spec *spec)
{
    spec->basis_loc = bv->loc;
    spec->basis_value = bv;
    size_t rows = EG_SIZE_UNKNOWN, cols = EG_SIZE_UNKNOWN, units = units_of(spec);
    if (bv->kind == EG_VAL_REF) {
        spec->basis = BASIS_EPISODES;
        spec->basis_name = bv->str;
        const eg_memories_spec *m = eg_compile_memories(c, bv);
        if (m && m->units > 0)
            rows = m->units;
        if (m && m->count > 0)
            cols = m->count;
    } else if (bv->kind == EG_VAL_LIST || strcmp(bv->str, "load") == 0) {
        spec->basis = BASIS_MATRIX;
        spec->basis_name = eg_load_name(bv);
        if (bv->kind == EG_VAL_LIST) {
            rows = bv->n;
            cols = bv->n ? bv->items[0]->n : 0;
        }
    } else {
        spec->basis = strcmp(bv->str, "constructed") == 0 ? BASIS_CONSTRUCTED : BASIS_PRIVILEGED;
        spec->basis_name = bv->str;
        if (!nref) {
            eg_compile_error(c, bv->loc, "basis %s needs 'network' (it is built from the network)", bv->str);
            return;
        }
        if (spec->basis == BASIS_PRIVILEGED)
            compile_privileged(c, bv, nref, spec);
        else if ((spec->net.rnn || spec->net.train) && !spec->net.has_basis)
            eg_compile_error(c, bv->loc,
                             "network '%s' was not constructed, so it has no basis of its own; try privileged(task = ...)",
                             nref->str);
        return;
    }
    if (rows != EG_SIZE_UNKNOWN && units != EG_SIZE_UNKNOWN && rows != units)
        eg_compile_error(c, bv->loc, "the basis (%s) has %zu rows but %s has %zu units", spec->basis_name, rows,
                         spec->w_name, units);
    else if (cols != EG_SIZE_UNKNOWN && units != EG_SIZE_UNKNOWN && cols > units)
        eg_compile_error(c, bv->loc, "the basis (%s) has %zu vectors but %s has only %zu units: a basis has 1 … %zu",
                         spec->basis_name, cols, spec->w_name, units, units);
}

static void compile_theory(eg_compile *c, const eg_value *cv, spectrum_spec *spec)
{
    const eg_value *tref = eg_value_arg(cv, "task");
    spec->theory_loc = cv->loc;
    spec->theory = eg_compile_task(c, tref);
    spec->theory_gsemm = strcmp(eg_call_word(cv, "convention"), "gsemm") == 0;
    size_t len = strlen(tref->str) + 32;
    if ((spec->theory_name = eg_compile_alloc(c, len)))
        snprintf(spec->theory_name, len, "theory(%s%s)", tref->str, spec->theory_gsemm ? ", gsemm" : "");
}

static eg_spec *compile_spectrum(eg_compile *c, const eg_block *block)
{
    spectrum_spec *spec = eg_compile_alloc(c, sizeof *spec);
    if (!spec)
        return NULL;
    const eg_value *nref = eg_block_value(block, "network"), *mv = eg_block_value(block, "matrix");
    const eg_value *bv = eg_block_value(block, "basis"), *cv = eg_block_value(block, "compare");
    spec->rank_threshold = eg_block_number(block, "rank_threshold");
    spec->angle_threshold = eg_block_number(block, "threshold");
    spec->vectors = strcmp(eg_block_word(block, "vectors"), "true") == 0;
    char desc[160];
    if (!nref == !mv) {
        eg_compile_error(c, mv ? mv->loc : block->loc, "%s needs exactly one of 'network' and 'matrix'",
                         eg_block_describe(block, desc, sizeof desc));
        return &spec->head;
    }
    if (nref && stores_episodes(c, nref)) {
        spec->net_loc = nref->loc;
        spec->w_name = nref->str;
        compile_hebbian(c, block, nref, spec);
        return &spec->head;
    }
    if (nref) {
        spec->net_loc = nref->loc;
        spec->w_name = nref->str;
        if (!eg_compile_rnn_source(c, nref, &spec->net))
            return &spec->head;
    } else {
        spec->matrix = mv;
        spec->w_name = eg_load_name(mv);
        if (mv->kind == EG_VAL_LIST && mv->n != mv->items[0]->n)
            eg_compile_error(c, mv->loc, "'matrix' (%s) is %zu × %zu; a spectrum needs a square matrix", spec->w_name,
                             mv->n, mv->items[0]->n);
    }
    if (bv)
        compile_basis(c, bv, nref, spec);
    if (cv)
        compile_theory(c, cv, spec);
    return &spec->head;
}

/* ---- Running ------------------------------------------------------------- */

/* Ψ = Ξᵀ: the stored episodes as columns. */
static eg_status episodes_basis(eg_run *run, const eg_value *v, eg_matrix **out)
{
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_episodes(run, v->ref, &ep);
    if (st != EG_OK)
        return st;
    eg_matrix *psi = eg_matrix_alloc(ep->units, ep->count);
    double *row = malloc((ep->units ? ep->units : 1) * sizeof *row);
    eg_error err;
    for (size_t mu = 0; psi && row && mu < ep->count; mu++) {
        if ((st = eg_episodes_row(ep, mu, row, &err)) != EG_OK) {
            free(row);
            eg_matrix_free(psi);
            return eg_run_fail(run, st, v->loc, "%s", err.msg);
        }
        for (size_t i = 0; i < ep->units; i++)
            psi->data[i * ep->count + mu] = row[i];
    }
    free(row);
    if (!psi)
        return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
    *out = psi;
    return EG_OK;
}

/* The basis of a compiled spec, for the network net (NULL for a matrix). A
 * loaded network whose input weights do not fit the task is bad file data. */
static eg_status make_basis(eg_run *run, const spectrum_spec *spec, const eg_rnn *net, eg_matrix **out)
{
    switch (spec->basis) {
    case BASIS_EPISODES: return episodes_basis(run, spec->basis_value, out);
    case BASIS_MATRIX: return eg_load_matrix(run, spec->basis_value, out);
    case BASIS_CONSTRUCTED:
        if (!(*out = eg_matrix_copy(net->psi)))
            return eg_run_fail(run, EG_ENOMEM, spec->basis_loc, "out of memory");
        return EG_OK;
    case BASIS_PRIVILEGED: break;
    case BASIS_NONE: return EG_OK;
    }
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, spec->basis_task, &bt);
    if (st != EG_OK)
        return st;
    const char *tname = spec->basis_task->head.block->name, *nname = spec->w_name;
    if (net->in != bt->task->d)
        return eg_run_fail(run, EG_EIO, spec->basis_loc,
                           "task '%s' has width %zu but the input weights of '%s' have %zu column%s", tname,
                           bt->task->d, nname, net->in, net->in == 1 ? "" : "s");
    if (bt->task->s * bt->task->d > net->hidden)
        return eg_run_fail(run, EG_EIO, spec->basis_loc, "task '%s' needs s·d = %zu basis vectors but '%s' has %zu units",
                           tname, bt->task->s * bt->task->d, nname, net->hidden);
    eg_error err;
    if ((st = eg_emt_privileged_basis(net->w, net->w_uh, bt->task->s, out, &err)) != EG_OK)
        return eg_run_fail(run, st, spec->basis_loc, "%s", err.msg);
    return EG_OK;
}

/* The task's Φ, or I + Φᵀ for the GSEMM convention. */
static eg_status make_theory(eg_run *run, const spectrum_spec *spec, eg_matrix **out)
{
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, spec->theory, &bt);
    if (st != EG_OK)
        return st;
    eg_error err;
    eg_matrix *phi = NULL;
    if ((st = eg_task_phi(bt->task, &phi, &err)) != EG_OK)
        return eg_run_fail(run, st, spec->theory_loc, "%s", err.msg);
    if (spec->theory_gsemm && (st = eg_spectrum_gsemm_form(&phi, &err)) != EG_OK) {
        eg_matrix_free(phi);
        return eg_run_fail(run, st, spec->theory_loc, "%s", err.msg);
    }
    *out = phi;
    return EG_OK;
}

/* The spectrum of a Hopfield network's Hebbian W = s Σ ξξᵀ without forming W:
 * the non-zero eigenvalues come from the N × N Gram matrix (eg_spectrum_hebbian,
 * which works with s = 1/D; other scales s multiply every eigenvalue by s·D). */
static eg_status hebbian(eg_run *run, const spectrum_spec *spec, eg_report *result)
{
    const char *name = spec->w_name;
    const eg_hopfield *hop = NULL;
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_hopfield(run, spec->hopfield, &hop, &ep);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    eg_matrix *xi = eg_matrix_alloc(n, d);
    if (!xi)
        return eg_run_fail(run, EG_ENOMEM, spec->net_loc, "out of memory for %zu episodes of %zu units", n, d);
    eg_error err;
    for (size_t mu = 0; mu < n && st == EG_OK; mu++)
        st = eg_episodes_row(ep, mu, xi->data + mu * d, &err);
    eg_spectrum *sp = NULL;
    if (st == EG_OK)
        st = eg_spectrum_hebbian(xi, spec->zero_diagonal, &sp, &err);
    eg_matrix_free(xi);
    if (st != EG_OK)
        return eg_run_fail(run, st, spec->net_loc, "%s", err.msg);
    double scale = spec->scale == SCALE_COUNT ? (double)d / (double)n : spec->scale == SCALE_NONE ? (double)d : 1.0;
    for (size_t k = 0; k < sp->n; k++)
        sp->re[k] *= scale;
    double threshold = spec->rank_threshold, radius = eg_spectrum_radius(sp);
    size_t rank = eg_spectrum_count_above(sp, threshold);
    eg_matrix *ev = eg_matrix_alloc(sp->n, 2);
    for (size_t k = 0; ev && k < sp->n; k++)
        ev->data[2 * k] = sp->re[k];
    eg_spectrum_free(sp);
    char text[512];
    eg_report_add_string(result, "matrix", name);
    eg_report_add_bool(result, "hebbian", 1);
    eg_report_add_integer(result, "size", (long long)d);
    eg_report_add_integer(result, "episodes", (long long)n);
    eg_report_add_bool(result, "symmetric", 1);
    eg_report_add_number(result, "radius", radius);
    eg_report_add_number(result, "rank_threshold", threshold);
    eg_report_add_integer(result, "rank", (long long)rank);
    eg_report_add_matrix(result, "eigenvalues", ev);
    snprintf(text, sizeof text,
             "spectrum of %s (Hebbian, %zu episodes of %zu units, from the %zu × %zu Gram matrix): radius %.6g, rank (|λ| > %g) %zu",
             name, n, d, n < d ? n : d, n < d ? n : d, radius, threshold, rank);
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

/* The W a Hopfield network under Hebb's rule sets, formed: s ΞᵀΞ with its
 * scale s (1/D, 1/N or 1 by `normalize`) and the diagonal zeroed unless the
 * network keeps its self-coupling (self = 1). */
static eg_status hebbian_weights(eg_run *run, const spectrum_spec *spec, eg_matrix **out)
{
    const eg_hopfield *hop = NULL;
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_hopfield(run, spec->hopfield, &hop, &ep);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    eg_matrix *w = eg_matrix_alloc(d, d);
    double *row = malloc((d ? d : 1) * sizeof *row);
    if (!w || !row) {
        eg_matrix_free(w);
        free(row);
        return eg_run_fail(run, EG_ENOMEM, spec->net_loc, "out of memory for a %zu × %zu W", d, d);
    }
    double s = spec->scale == SCALE_COUNT ? 1.0 / (double)n : spec->scale == SCALE_NONE ? 1.0 : 1.0 / (double)d;
    eg_error err;
    for (size_t mu = 0; mu < n && st == EG_OK; mu++) {
        if ((st = eg_episodes_row(ep, mu, row, &err)) != EG_OK)
            break;
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++)
                w->data[i * d + j] += s * row[i] * row[j];
    }
    free(row);
    if (st != EG_OK) {
        eg_matrix_free(w);
        return eg_run_fail(run, st, spec->net_loc, "%s", err.msg);
    }
    for (size_t i = 0; spec->zero_diagonal && i < d; i++)
        w->data[i * d + i] = 0.0;
    *out = w;
    return EG_OK;
}

static eg_status run_spectrum(eg_run *run, const eg_spec *head, eg_report *result)
{
    const spectrum_spec *spec = EG_SPEC_OF(spectrum_spec, head);
    const eg_block *block = head->block;
    if (spec->hopfield && !spec->dense && spec->basis == BASIS_NONE)
        return hebbian(run, spec, result);
    const eg_built_rnn *bn = NULL;
    const eg_hopfield *hop = NULL;
    const eg_episodes *stored = NULL;
    eg_matrix *own = NULL, *basis = NULL, *theory = NULL;
    eg_status st = spec->hopfield && !spec->dense ? hebbian_weights(run, spec, &own)
                   : spec->hopfield               ? eg_build_hopfield(run, spec->hopfield, &hop, &stored)
                   : spec->matrix                 ? eg_load_matrix(run, spec->matrix, &own)
                                                  : eg_build_rnn(run, &spec->net, &bn);
    if (st != EG_OK)
        return st;
    const eg_matrix *w = hop ? eg_hopfield_weights(hop) : bn ? bn->net->w : own;
    /* A loaded matrix's shape is known only now. */
    if (spec->matrix && (w->rows != w->cols || w->rows == 0)) {
        st = eg_run_fail(run, EG_EIO, spec->matrix->loc, "'matrix' (%s) is %zu × %zu; a spectrum needs a square matrix",
                         spec->w_name, w->rows, w->cols);
        goto done;
    }
    if (spec->basis != BASIS_NONE) {
        if ((st = make_basis(run, spec, bn ? bn->net : NULL, &basis)) != EG_OK)
            goto done;
        if (basis->rows != w->rows) {
            st = eg_run_fail(run, EG_EIO, spec->basis_loc, "the basis (%s) has %zu rows but %s has %zu units",
                             spec->basis_name, basis->rows, spec->w_name, w->rows);
            goto done;
        }
        if (basis->cols == 0 || basis->cols > w->rows) {
            st = eg_run_fail(run, EG_EIO, spec->basis_loc,
                             "the basis (%s) has %zu vectors but %s has %zu units: a basis has 1 … %zu",
                             spec->basis_name, basis->cols, spec->w_name, w->rows, w->rows);
            goto done;
        }
    }
    if (spec->theory && (st = make_theory(run, spec, &theory)) != EG_OK)
        goto done;
    eg_spectrum_request req = {
        .w = w, .w_name = spec->w_name, .basis = basis, .basis_name = spec->basis_name ? spec->basis_name : "",
        .theory = theory, .theory_name = spec->theory_name ? spec->theory_name : "",
        .rank_threshold = spec->rank_threshold,
        .angle_threshold = spec->angle_threshold,
        .vectors = spec->vectors, .prefix = block->name};
    eg_error err;
    /* Shapes were checked above and at compile time; what the report can still
     * refuse is a non-finite entry, which only a loaded file can hold. */
    if ((st = eg_spectrum_report(&req, result, &err)) != EG_OK)
        st = eg_run_fail(run, st == EG_EINVAL ? EG_EIO : st, block->loc, "%s", err.msg);
done:
    eg_matrix_free(own);
    eg_matrix_free(basis);
    eg_matrix_free(theory);
    return st;
}

const eg_kind eg_kind_spectrum = {.schema = &spectrum_schema, .compile = compile_spectrum, .run = run_spectrum};
