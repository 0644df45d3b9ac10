/* layout.c: trained cells read from the files frameworks save. PyTorch's
 * nn.RNN, GRU and LSTM keep layer 0 as weight_ih_l0 (G·H × I), weight_hh_l0
 * (G·H × H) and, unless built with bias=False, bias_ih_l0 and bias_hh_l0
 * (G·H), with G = 1, 3 (r, z, n) or 4 (i, f, g, o) gates stacked; a state
 * dict reaches engram through numpy.savez or a safetensors file, its keys
 * under the module's prefix ("rnn." for a submodule called rnn). PsychRNN's
 * save() writes W_rec (H × H), W_in (H × I), W_out, b_rec, b_out and
 * init_state with numpy.savez, the matrices as its effective weights (the
 * connectivity masks and Dale's signs applied), but not dt or τ. */
#include "engram/layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads prefix+key into *out when present; *out stays NULL when absent and
 * not required. */
static eg_status read_key(const eg_named *f, const char *prefix, const char *key, int required, eg_array **out,
                          eg_error *err)
{
    char full[256];
    snprintf(full, sizeof full, "%s%s", prefix, key);
    *out = NULL;
    if (!eg_named_has(f, full)) {
        if (!required)
            return EG_OK;
        char keys[200] = "";
        size_t used = 0;
        for (size_t i = 0; i < eg_named_count(f) && used + 40 < sizeof keys; i++)
            used += (size_t)snprintf(keys + used, sizeof keys - used, "%s'%.30s'", i ? ", " : "", eg_named_key(f, i));
        return eg_error_set(err, EG_EPARSE, "%s: no '%s' (the layout needs it%s); the file holds %s",
                            eg_named_path(f), full, prefix[0] ? "" : "; is --prefix missing?",
                            eg_named_count(f) ? keys : "nothing");
    }
    return eg_named_read(f, full, out, err);
}

/* a is rows × cols (cols 0: a vector of rows). */
static eg_status expect_shape(const eg_named *f, const char *prefix, const char *key, const eg_array *a, size_t rows,
                              size_t cols, const char *meaning, eg_error *err)
{
    int ok = cols ? a->ndim == 2 && a->shape[0] == rows && a->shape[1] == cols : a->ndim == 1 && a->shape[0] == rows;
    if (ok)
        return EG_OK;
    char got[64] = "";
    size_t used = 0;
    for (size_t k = 0; k < a->ndim && used + 24 < sizeof got; k++)
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%zu", k ? " × " : "", a->shape[k]);
    if (cols)
        return eg_error_set(err, EG_EPARSE, "%s: '%s%s' is %s; expected %zu × %zu (%s)%s", eg_named_path(f), prefix,
                            key, a->ndim ? got : "a scalar", rows, cols, meaning,
                            a->ndim == 2 && a->shape[0] == cols && a->shape[1] == rows ? ": is it transposed?" : "");
    return eg_error_set(err, EG_EPARSE, "%s: '%s%s' has shape (%s); expected %zu values (%s)", eg_named_path(f), prefix,
                        key, got, rows, meaning);
}

/* The inputs a hidden × inputs matrix of the wrong shape most likely has: its
 * rows when it was saved transposed (inputs × hidden), else its columns. */
static size_t input_count(const eg_array *w, size_t h)
{
    if (w->ndim != 2)
        return 1;
    return w->shape[1] == h && w->shape[0] != h ? w->shape[0] : w->shape[1];
}

static eg_status load_pytorch(const eg_layout *self, const eg_named *f, const char *prefix, eg_cell **out,
                              eg_error *err)
{
    size_t g = eg_cell_gates(self->kind);
    char shape_doc[64], bias_doc[64];
    snprintf(shape_doc, sizeof shape_doc, g > 1 ? "%zu gates × hidden, hidden" : "hidden × hidden", g);
    snprintf(bias_doc, sizeof bias_doc, g > 1 ? "%zu gates × hidden" : "one per hidden unit", g);
    eg_array *wih = NULL, *whh = NULL, *bih = NULL, *bhh = NULL;
    eg_status st = read_key(f, prefix, "weight_hh_l0", 1, &whh, err);
    /* H from the columns of weight_hh (its rows are G·H). */
    size_t h = st == EG_OK && whh->ndim == 2 ? whh->shape[1] : 0;
    if (st == EG_OK && (whh->ndim != 2 || whh->shape[0] != g * h))
        st = expect_shape(f, prefix, "weight_hh_l0", whh, g * (whh->ndim == 2 ? whh->shape[1] : 1),
                          whh->ndim == 2 ? whh->shape[1] : 1, shape_doc, err);
    if (st == EG_OK && (st = read_key(f, prefix, "weight_ih_l0", 1, &wih, err)) == EG_OK &&
        (wih->ndim != 2 || wih->shape[0] != g * h))
        st = expect_shape(f, prefix, "weight_ih_l0", wih, g * h, input_count(wih, g * h),
                          g > 1 ? "gates × hidden, inputs" : "hidden × inputs", err);
    if (st == EG_OK && (st = read_key(f, prefix, "bias_ih_l0", 0, &bih, err)) == EG_OK && bih)
        st = expect_shape(f, prefix, "bias_ih_l0", bih, g * h, 0, bias_doc, err);
    if (st == EG_OK && (st = read_key(f, prefix, "bias_hh_l0", 0, &bhh, err)) == EG_OK && bhh)
        st = expect_shape(f, prefix, "bias_hh_l0", bhh, g * h, 0, bias_doc, err);
    char key[256];
    snprintf(key, sizeof key, "%sweight_ih_l1", prefix);
    if (st == EG_OK && eg_named_has(f, key))
        st = eg_error_set(err, EG_EPARSE, "%s: '%s' is a second layer; engram reads one-layer networks", eg_named_path(f),
                          key);
    snprintf(key, sizeof key, "%sweight_hh_l0_reverse", prefix);
    if (st == EG_OK && eg_named_has(f, key))
        st = eg_error_set(err, EG_EPARSE, "%s: '%s' belongs to a bidirectional network, which has no single map",
                          eg_named_path(f), key);
    snprintf(key, sizeof key, "%sweight_hr_l0", prefix);
    if (st == EG_OK && eg_named_has(f, key))
        st = eg_error_set(err, EG_EPARSE, "%s: '%s' is an LSTM projection (proj_size), which engram does not read",
                          eg_named_path(f), key);
    eg_cell *c = st == EG_OK ? eg_cell_alloc(self->kind, h, wih->shape[1]) : NULL;
    if (st == EG_OK && !c)
        st = eg_error_set(err, EG_ENOMEM, "out of memory for a cell of %zu units", h);
    if (st == EG_OK) {
        memcpy(c->w_hh->data, whh->data, g * h * h * sizeof(double));
        memcpy(c->w_ih->data, wih->data, g * h * c->input * sizeof(double));
        if (bih)
            memcpy(c->b_ih, bih->data, g * h * sizeof(double));
        if (bhh)
            memcpy(c->b_hh, bhh->data, g * h * sizeof(double));
        *out = c;
    }
    eg_array_free(wih);
    eg_array_free(whh);
    eg_array_free(bih);
    eg_array_free(bhh);
    return st;
}

/* PsychRNN's Basic model: W_rec and W_in as saved, b_rec into b_hh; α is
 * left unknown (NAN) for the caller to set, since the file does not hold it. */
static eg_status load_psychrnn(const eg_layout *self, const eg_named *f, const char *prefix, eg_cell **out,
                               eg_error *err)
{
    eg_array *wrec = NULL, *win = NULL, *brec = NULL;
    eg_status st = read_key(f, prefix, "W_rec", 1, &wrec, err);
    size_t h = st == EG_OK && wrec->ndim == 2 ? wrec->shape[0] : 0;
    if (st == EG_OK && (wrec->ndim != 2 || wrec->shape[1] != h))
        st = expect_shape(f, prefix, "W_rec", wrec, h ? h : 1, h ? h : 1, "hidden × hidden", err);
    if (st == EG_OK && (st = read_key(f, prefix, "W_in", 1, &win, err)) == EG_OK &&
        (win->ndim != 2 || win->shape[0] != h))
        st = expect_shape(f, prefix, "W_in", win, h, input_count(win, h), "hidden × inputs", err);
    if (st == EG_OK && (st = read_key(f, prefix, "b_rec", 0, &brec, err)) == EG_OK && brec)
        st = expect_shape(f, prefix, "b_rec", brec, h, 0, "one per hidden unit", err);
    eg_cell *c = st == EG_OK ? eg_cell_alloc(self->kind, h, win->shape[1]) : NULL;
    if (st == EG_OK && !c)
        st = eg_error_set(err, EG_ENOMEM, "out of memory for a cell of %zu units", h);
    if (st == EG_OK) {
        memcpy(c->w_hh->data, wrec->data, h * h * sizeof(double));
        memcpy(c->w_ih->data, win->data, h * c->input * sizeof(double));
        if (brec)
            memcpy(c->b_hh, brec->data, h * sizeof(double));
        c->alpha = NAN;
        *out = c;
    }
    eg_array_free(wrec);
    eg_array_free(win);
    eg_array_free(brec);
    return st;
}

const eg_layout eg_layouts[] = {
    {"pytorch-rnn", "torch.nn.RNN (tanh): weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0", load_pytorch,
     EG_CELL_RNN_TANH},
    {"pytorch-rnn-relu", "torch.nn.RNN(nonlinearity='relu'): the same keys", load_pytorch, EG_CELL_RNN_RELU},
    {"pytorch-gru", "torch.nn.GRU: the same keys, gates r, z, n stacked", load_pytorch, EG_CELL_GRU},
    {"pytorch-lstm", "torch.nn.LSTM: the same keys, gates i, f, g, o stacked; the state is (h, c)", load_pytorch,
     EG_CELL_LSTM},
    {"psychrnn", "PsychRNN's Basic model (save()): W_rec, W_in, b_rec; dt/tau given by --alpha", load_psychrnn,
     EG_CELL_LEAKY_RELU},
    {NULL, NULL, NULL, EG_CELL_RNN_TANH},
};

const eg_layout *eg_layout_find(const char *name)
{
    for (const eg_layout *l = eg_layouts; l->name; l++)
        if (strcmp(l->name, name) == 0)
            return l;
    return NULL;
}

/* The names of the layouts and the keys each reads, for a message. */
static void layout_names(char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (const eg_layout *l = eg_layouts; l->name && used + 2 < len; l++)
        used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", l->name);
}

/* Whether key is some prefix followed by name; *plen the prefix's length. */
static int ends_with(const char *key, const char *name, size_t *plen)
{
    size_t k = strlen(key), n = strlen(name);
    *plen = k - n;
    return k >= n && strcmp(key + k - n, name) == 0;
}

/* The cell of a PyTorch layout by the shape of its weight_hh_l0 (G·H × H). */
static eg_status pytorch_by_shape(const eg_named *f, const char *key, const eg_layout **out, eg_error *err)
{
    eg_array *w = NULL;
    eg_status st = eg_named_read(f, key, &w, err);
    size_t rows = st == EG_OK && w->ndim == 2 ? w->shape[0] : 0, h = st == EG_OK && w->ndim == 2 ? w->shape[1] : 0;
    const char *name = h && rows == h ? "pytorch-rnn" : h && rows == 3 * h ? "pytorch-gru"
                                                      : h && rows == 4 * h ? "pytorch-lstm" : NULL;
    if (st == EG_OK && !name)
        st = eg_error_set(err, EG_EPARSE,
                          "%s: '%s' is not H, 3H or 4H rows of H columns (nn.RNN, GRU, LSTM); name the layout",
                          eg_named_path(f), key);
    eg_array_free(w);
    if (st == EG_OK)
        *out = eg_layout_find(name);
    return st;
}

eg_status eg_layout_detect(const eg_named *f, const char *given, const eg_layout **out, char *prefix, size_t len,
                           eg_error *err)
{
    static const char *const marks[] = {"weight_hh_l0", "W_rec"}; /* PyTorch's, PsychRNN's */
    const char *found = NULL;
    size_t found_len = 0, mark = 0, glen = given ? strlen(given) : 0;
    char names[200];
    layout_names(names, sizeof names);
    for (size_t i = 0; i < eg_named_count(f); i++) {
        const char *key = eg_named_key(f, i);
        for (size_t m = 0; m < 2; m++) {
            size_t pl;
            if (!ends_with(key, marks[m], &pl) || (glen && (pl != glen || strncmp(key, given, glen) != 0)))
                continue;
            if (found && (pl != found_len || strncmp(key, found, pl) != 0 || m != mark))
                return eg_error_set(err, EG_EPARSE,
                                    "%s: '%s' and '%s' are the weights of two cells; say which with the prefix",
                                    eg_named_path(f), found, key);
            found = key, found_len = pl, mark = m;
        }
    }
    if (!found)
        return eg_error_set(err, EG_EPARSE,
                            "%s: no key%s%s%s ends in weight_hh_l0 (PyTorch) or W_rec (PsychRNN), so the layout "
                            "cannot be told; name one: %s",
                            eg_named_path(f), glen ? " under '" : "", glen ? given : "", glen ? "'" : "", names);
    if (found_len >= len)
        return eg_error_set(err, EG_EPARSE, "%s: the prefix of '%s' is too long", eg_named_path(f), found);
    memcpy(prefix, found, found_len);
    prefix[found_len] = '\0';
    if (mark == 1) {
        *out = eg_layout_find("psychrnn");
        return EG_OK;
    }
    return pytorch_by_shape(f, found, out, err);
}

eg_status eg_cell_load(const char *path, const eg_layout *layout, const char *prefix, eg_cell **out, eg_error *err)
{
    eg_named *f = NULL;
    eg_status st = eg_named_open(path, &f, err);
    if (st != EG_OK)
        return st;
    st = layout->load(layout, f, prefix ? prefix : "", out, err);
    eg_named_close(f);
    return st;
}
