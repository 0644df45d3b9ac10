/* kind_spectrum.c: `analyze spectrum` blocks: the eigenspectrum of a network's recurrent weights (or
 * any matrix), read in a memory basis and compared with a task's theoretical Φ (EMT, SCIENCE.md §5.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engram/emt.h"
#include "run/kinds.h"
#include "run/build.h"
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

static eg_status make_basis(eg_run *run, const eg_value *v, const eg_rnn *net, const eg_value *nref, eg_matrix **out)
{
    if (v->kind == EG_VAL_REF)
        return episodes_basis(run, v, out);
    if (v->kind == EG_VAL_LIST || strcmp(v->str, "load") == 0)
        return eg_load_matrix(run, v, out);
    if (!net)
        return eg_run_fail(run, EG_EINVAL, v->loc, "basis %s needs 'network' (it is built from the network)", v->str);
    if (strcmp(v->str, "constructed") == 0) {
        if (!net->psi)
            return eg_run_fail(run, EG_EINVAL, v->loc,
                               "network '%s' was not constructed, so it has no basis of its own; try privileged(task = ...)",
                               nref->str);
        if (!(*out = eg_matrix_copy(net->psi)))
            return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
        return EG_OK;
    }
    const eg_value *tref = eg_value_arg(v, "task");
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, tref->ref, &bt);
    if (st != EG_OK)
        return st;
    if (net->in != bt->task->d)
        return eg_run_fail(run, EG_EINVAL, tref->loc,
                           "task '%s' has width %zu but the input weights of '%s' have %zu column%s", tref->str,
                           bt->task->d, nref->str, net->in, net->in == 1 ? "" : "s");
    if (bt->task->s * bt->task->d > net->hidden)
        return eg_run_fail(run, EG_EINVAL, tref->loc, "task '%s' needs s·d = %zu basis vectors but '%s' has %zu units",
                           tref->str, bt->task->s * bt->task->d, nref->str, net->hidden);
    eg_error err;
    if ((st = eg_emt_privileged_basis(net->w, net->w_uh, bt->task->s, out, &err)) != EG_OK)
        return eg_run_fail(run, st, v->loc, "%s", err.msg);
    return EG_OK;
}

/* The task's Φ, or I + Φᵀ for the GSEMM convention. */
static eg_status make_theory(eg_run *run, const eg_value *v, eg_matrix **out)
{
    const eg_built_task *bt = NULL;
    eg_status st = eg_build_task(run, eg_value_arg(v, "task")->ref, &bt);
    if (st != EG_OK)
        return st;
    eg_error err;
    eg_matrix *phi = NULL;
    if ((st = eg_task_phi(bt->task, &phi, &err)) != EG_OK)
        return eg_run_fail(run, st, v->loc, "%s", err.msg);
    if (strcmp(eg_call_word(v, "convention"), "gsemm") == 0) {
        size_t n = phi->rows;
        eg_matrix *g = eg_matrix_alloc(n, n);
        if (!g) {
            eg_matrix_free(phi);
            return eg_run_fail(run, EG_ENOMEM, v->loc, "out of memory");
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                g->data[i * n + j] = (i == j) + phi->data[j * n + i];
        eg_matrix_free(phi);
        phi = g;
    }
    *out = phi;
    return EG_OK;
}

/* The spectrum of a Hopfield network's Hebbian W = s Σ ξξᵀ without forming W:
 * the non-zero eigenvalues come from the N × N Gram matrix (eg_spectrum_hebbian,
 * which works with s = 1/D; other scales s multiply every eigenvalue by s·D). */
static eg_status hebbian(eg_run *run, const eg_block *block, const eg_value *nref, eg_report *result)
{
    const eg_block *net_block = nref->ref;
    const char *extra[] = {"basis", "compare"};
    for (size_t i = 0; i < 2; i++)
        if (eg_block_value(block, extra[i]))
            return eg_run_fail(run, EG_EINVAL, eg_block_loc(block, extra[i]),
                               "'%s' needs recurrent weights; '%s' is a Hopfield network, analysed from its episodes",
                               extra[i], nref->str);
    const eg_hopfield *hop = NULL;
    const eg_episodes *ep = NULL;
    eg_status st = eg_build_hopfield(run, net_block, &hop, &ep);
    if (st != EG_OK)
        return st;
    size_t n = ep->count, d = ep->units;
    eg_matrix *xi = eg_matrix_alloc(n, d);
    if (!xi)
        return eg_run_fail(run, EG_ENOMEM, nref->loc, "out of memory for %zu episodes of %zu units", n, d);
    eg_error err;
    for (size_t mu = 0; mu < n && st == EG_OK; mu++)
        st = eg_episodes_row(ep, mu, xi->data + mu * d, &err);
    eg_spectrum *sp = NULL;
    int zero_diagonal = eg_block_number(net_block, "self") == 0;
    if (st == EG_OK)
        st = eg_spectrum_hebbian(xi, zero_diagonal, &sp, &err);
    eg_matrix_free(xi);
    if (st != EG_OK)
        return eg_run_fail(run, st, nref->loc, "%s", err.msg);
    const char *norm = eg_block_word(net_block, "normalize");
    double scale = strcmp(norm, "count") == 0 ? (double)d / (double)n : strcmp(norm, "none") == 0 ? (double)d : 1.0;
    for (size_t k = 0; k < sp->n; k++)
        sp->re[k] *= scale;
    double threshold = eg_block_number(block, "rank_threshold"), radius = eg_spectrum_radius(sp);
    size_t rank = eg_spectrum_count_above(sp, threshold);
    eg_matrix *ev = eg_matrix_alloc(sp->n, 2);
    for (size_t k = 0; ev && k < sp->n; k++)
        ev->data[2 * k] = sp->re[k];
    eg_spectrum_free(sp);
    char text[512];
    eg_report_add_string(result, "matrix", nref->str);
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
             nref->str, n, d, n < d ? n : d, n < d ? n : d, radius, threshold, rank);
    eg_report_add_string(result, "text", text);
    return EG_OK;
}

static eg_status run_spectrum(eg_run *run, const eg_block *block, eg_report *result)
{
    const eg_value *nref = eg_block_value(block, "network"), *mv = eg_block_value(block, "matrix");
    const eg_value *bv = eg_block_value(block, "basis"), *cv = eg_block_value(block, "compare");
    char desc[160];
    if (!nref == !mv)
        return eg_run_fail(run, EG_EINVAL, block->loc, "%s needs exactly one of 'network' and 'matrix'",
                           eg_block_describe(block, desc, sizeof desc));
    if (nref && strcmp(nref->ref->schema->name, "network") == 0 && eg_block_value(nref->ref, "store"))
        return hebbian(run, block, nref, result);
    const eg_built_rnn *bn = NULL;
    eg_matrix *own = NULL, *basis = NULL, *theory = NULL;
    eg_status st = nref ? eg_build_rnn(run, nref, &bn) : eg_load_matrix(run, mv, &own);
    if (st != EG_OK)
        return st;
    const eg_matrix *w = bn ? bn->net->w : own;
    char wname[256], bname[256] = "", tname[256] = "";
    snprintf(wname, sizeof wname, "%s", nref ? nref->str : eg_load_name(mv));
    if (mv && (w->rows != w->cols || w->rows == 0)) {
        st = eg_run_fail(run, EG_EINVAL, mv->loc, "'matrix' (%s) is %zu × %zu; a spectrum needs a square matrix",
                         wname, w->rows, w->cols);
        goto done;
    }
    if (bv) {
        if ((st = make_basis(run, bv, bn ? bn->net : NULL, nref, &basis)) != EG_OK)
            goto done;
        if (basis->rows != w->rows) {
            st = eg_run_fail(run, EG_EINVAL, bv->loc, "the basis (%s) has %zu rows but %s has %zu units",
                             bv->kind == EG_VAL_REF ? bv->str : eg_load_name(bv), basis->rows, wname, w->rows);
            goto done;
        }
        snprintf(bname, sizeof bname, "%s",
                 bv->kind == EG_VAL_REF ? bv->str : bv->kind == EG_VAL_LIST ? "the inline matrix" : bv->str);
        if (bv->kind == EG_VAL_CALL && strcmp(bv->str, "load") == 0)
            snprintf(bname, sizeof bname, "%s", eg_load_name(bv));
    }
    if (cv) {
        if ((st = make_theory(run, cv, &theory)) != EG_OK)
            goto done;
        snprintf(tname, sizeof tname, "theory(%s%s)", eg_value_arg(cv, "task")->str,
                 strcmp(eg_call_word(cv, "convention"), "gsemm") == 0 ? ", gsemm" : "");
    }
    eg_spectrum_request req = {
        .w = w, .w_name = wname, .basis = basis, .basis_name = bname, .theory = theory, .theory_name = tname,
        .rank_threshold = eg_block_number(block, "rank_threshold"),
        .angle_threshold = eg_block_number(block, "threshold"),
        .vectors = strcmp(eg_block_word(block, "vectors"), "true") == 0, .prefix = block->name};
    eg_error err;
    if ((st = eg_spectrum_report(&req, result, &err)) != EG_OK)
        st = eg_run_fail(run, st, block->loc, "%s", err.msg);
done:
    eg_matrix_free(own);
    eg_matrix_free(basis);
    eg_matrix_free(theory);
    return st;
}

const eg_kind eg_kind_spectrum = {.schema = &spectrum_schema, .run_block = run_spectrum};
