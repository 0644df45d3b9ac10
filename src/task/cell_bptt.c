/* cell_bptt.c: loss and gradient of a PyTorch-style cell (tanh or relu RNN
 * with biases, GRU, LSTM) and its linear readout by backpropagation through
 * time. The batch is run time-major, B sequences side by side, so that each
 * step's products are B-row matrix products. Each gate's pre-activation has an
 * input part X = W_ih u + b_ih and a hidden part Y = W_hh h + b_hh (cell.c);
 * the backward pass turns them into ∂L/∂X and ∂L/∂Y in place, from which the
 * weight gradients are two products over every step at once. */
#include "engram/cell_train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

eg_cell_net *eg_cell_net_alloc(eg_cell_kind kind, size_t hidden, size_t in, size_t out)
{
    if (kind != EG_CELL_RNN_TANH && kind != EG_CELL_RNN_RELU && kind != EG_CELL_GRU && kind != EG_CELL_LSTM)
        return NULL;
    eg_cell_net *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->cell = eg_cell_alloc(kind, hidden, in);
    n->w_out = eg_matrix_alloc(out, hidden);
    n->b_out = calloc(out ? out : 1, sizeof *n->b_out);
    if (!n->cell || !n->w_out || !n->b_out) {
        eg_cell_net_free(n);
        return NULL;
    }
    return n;
}

void eg_cell_net_free(eg_cell_net *net)
{
    if (!net)
        return;
    eg_cell_free(net->cell);
    eg_matrix_free(net->w_out);
    free(net->b_out);
    free(net);
}

void eg_cell_net_parts(eg_cell_net *net, double **parts, size_t *lengths)
{
    const eg_cell *c = net->cell;
    size_t gh = c->gates * c->hidden;
    parts[0] = c->w_ih->data;
    lengths[0] = gh * c->input;
    parts[1] = c->w_hh->data;
    lengths[1] = gh * c->hidden;
    parts[2] = c->b_ih;
    lengths[2] = gh;
    parts[3] = c->b_hh;
    lengths[3] = gh;
    parts[4] = net->w_out->data;
    lengths[4] = net->w_out->rows * net->w_out->cols;
    parts[5] = net->b_out;
    lengths[5] = net->w_out->rows;
}

static double sigmoid(double x)
{
    return 1 / (1 + exp(-x));
}

/* The buffers of one pass. hs and cs hold T + 1 blocks of B × H, block 0 the
 * zero initial state and block t + 1 the state after step t. */
typedef struct pass {
    size_t B, T, H, NI, O, G;
    double *xs, *ys;   /* T blocks of B × G·H: input and hidden parts, then their gradients */
    double *hs, *cs;   /* (T + 1) blocks of B × H; cs only for an LSTM */
    double *os;        /* scored blocks of B × O: outputs, then ∂L/∂o */
    double *dh, *dc, *dh2; /* B × H each: ∂L/∂h and ∂L/∂c of the current step, and the next */
} pass;

static void pass_free(pass *p)
{
    free(p->xs);
    free(p->ys);
    free(p->hs);
    free(p->cs);
    free(p->os);
    free(p->dh);
    free(p->dc);
    free(p->dh2);
}

static int pass_alloc(pass *p, size_t scored)
{
    size_t bgh = p->B * p->G * p->H, bh = p->B * p->H;
    p->xs = malloc(p->T * bgh * sizeof(double));
    p->ys = malloc(p->T * bgh * sizeof(double));
    p->hs = calloc((p->T + 1) * bh, sizeof(double));
    p->cs = calloc((p->T + 1) * bh, sizeof(double));
    p->os = malloc((scored * p->B * p->O + 1) * sizeof(double));
    p->dh = calloc(bh, sizeof(double));
    p->dc = calloc(bh, sizeof(double));
    p->dh2 = calloc(bh, sizeof(double));
    return p->xs && p->ys && p->hs && p->cs && p->os && p->dh && p->dc && p->dh2;
}

/* next = the cell's state after one step, for row b: x, y are that row's
 * input and hidden parts (G·H each), h, c its state before. */
static void cell_forward(eg_cell_kind kind, size_t H, const double *x, const double *y, const double *h,
                         const double *c, double *hn, double *cn)
{
    for (size_t i = 0; i < H; i++) {
        switch (kind) {
        case EG_CELL_RNN_RELU: {
            double a = x[i] + y[i];
            hn[i] = a > 0 ? a : 0;
            break;
        }
        case EG_CELL_GRU: {
            double r = sigmoid(x[i] + y[i]), z = sigmoid(x[H + i] + y[H + i]);
            double n = tanh(x[2 * H + i] + r * y[2 * H + i]);
            hn[i] = (1 - z) * n + z * h[i];
            break;
        }
        case EG_CELL_LSTM: {
            double ig = sigmoid(x[i] + y[i]), fg = sigmoid(x[H + i] + y[H + i]);
            double gg = tanh(x[2 * H + i] + y[2 * H + i]), og = sigmoid(x[3 * H + i] + y[3 * H + i]);
            cn[i] = fg * c[i] + ig * gg;
            hn[i] = og * tanh(cn[i]);
            break;
        }
        default: hn[i] = tanh(x[i] + y[i]); break;
        }
    }
}

/* One row's backward step: given dh, dc (∂L/∂ of the state after the step;
 * dc only for an LSTM), overwrites x, y with ∂L/∂X and ∂L/∂Y and sets dhp to
 * the direct part of ∂L/∂h_prev (the part not through W_hh) and dc to ∂L/∂c_prev.
 * GRU: h' = (1 − z) n + z h, n = tanh(X_n + r Y_n): ∂n = (1 − z) ∂h',
 * ∂z = (h − n) ∂h', ∂a_n = (1 − n²) ∂n, ∂r = Y_n ∂a_n, ∂Y_n = r ∂a_n.
 * LSTM: c' = f c + i g, h' = o tanh c': ∂c' += o (1 − tanh² c') ∂h',
 * ∂o = tanh c' ∂h', ∂i = g ∂c', ∂g = i ∂c', ∂f = c ∂c', ∂c = f ∂c'. */
static void cell_backward(eg_cell_kind kind, size_t H, double *x, double *y, const double *h, const double *c,
                          const double *hn, const double *cn, const double *dh, double *dc, double *dhp)
{
    for (size_t i = 0; i < H; i++) {
        switch (kind) {
        case EG_CELL_RNN_RELU: {
            double d = hn[i] > 0 ? dh[i] : 0;
            x[i] = y[i] = d;
            dhp[i] = 0;
            break;
        }
        case EG_CELL_GRU: {
            double r = sigmoid(x[i] + y[i]), z = sigmoid(x[H + i] + y[H + i]), yn = y[2 * H + i];
            double n = tanh(x[2 * H + i] + r * yn);
            double dn = (1 - z) * dh[i], dz = (h[i] - n) * dh[i], dan = (1 - n * n) * dn;
            double dar = yn * dan * r * (1 - r), daz = dz * z * (1 - z);
            x[i] = y[i] = dar;
            x[H + i] = y[H + i] = daz;
            x[2 * H + i] = dan;
            y[2 * H + i] = r * dan;
            dhp[i] = z * dh[i];
            break;
        }
        case EG_CELL_LSTM: {
            double ig = sigmoid(x[i] + y[i]), fg = sigmoid(x[H + i] + y[H + i]);
            double gg = tanh(x[2 * H + i] + y[2 * H + i]), og = sigmoid(x[3 * H + i] + y[3 * H + i]);
            double t = tanh(cn[i]), dcn = dc[i] + og * (1 - t * t) * dh[i];
            double da[4] = {gg * dcn * ig * (1 - ig), c[i] * dcn * fg * (1 - fg), ig * dcn * (1 - gg * gg),
                            t * dh[i] * og * (1 - og)};
            for (size_t k = 0; k < 4; k++)
                x[k * H + i] = y[k * H + i] = da[k];
            dc[i] = fg * dcn;
            dhp[i] = 0;
            break;
        }
        default: {
            double d = (1 - hn[i] * hn[i]) * dh[i];
            x[i] = y[i] = d;
            dhp[i] = 0;
            break;
        }
        }
    }
}

/* Adds the column sums of a (rows × cols) to v. */
static void add_column_sums(const double *a, size_t rows, size_t cols, double *v)
{
    for (size_t r = 0; r < rows; r++)
        for (size_t k = 0; k < cols; k++)
            v[k] += a[r * cols + k];
}

/* Broadcasts v (cols) over the rows of a. */
static void set_rows(double *a, size_t rows, size_t cols, const double *v)
{
    for (size_t r = 0; r < rows; r++)
        memcpy(a + r * cols, v, cols * sizeof(double));
}

/* The forward pass; fills the loss's squared error and sign hits. */
static eg_status forward(const eg_cell_net *net, const eg_batch *b, pass *p, double *se, size_t *right, eg_error *err)
{
    const eg_cell *c = net->cell;
    size_t B = p->B, T = p->T, H = p->H, NI = p->NI, O = p->O, GH = p->G * H, S0 = b->scored_from;
    set_rows(p->xs, T * B, GH, c->b_ih);
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(T * B), (int)GH, (int)NI, 1.0, b->input, (int)NI,
                    c->w_ih->data, (int)NI, 1.0, p->xs, (int)GH);
    for (size_t t = 0; t < T; t++) {
        double *y = p->ys + t * B * GH, *h = p->hs + t * B * H, *cc = p->cs + t * B * H;
        set_rows(y, B, GH, c->b_hh);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)B, (int)GH, (int)H, 1.0, h, (int)H, c->w_hh->data,
                    (int)H, 1.0, y, (int)GH);
        for (size_t r = 0; r < B; r++)
            cell_forward(c->kind, H, p->xs + (t * B + r) * GH, y + r * GH, h + r * H, cc + r * H,
                         h + (B + r) * H, cc + (B + r) * H);
        for (size_t k = 0; k < B * H; k++)
            if (!isfinite(h[B * H + k]))
                return eg_error_set(err, EG_ENUMERIC, "hidden unit %zu of sequence %zu is not finite at step %zu",
                                    k % H, k / H, t);
    }
    size_t TS = T - S0;
    *se = 0;
    *right = 0;
    if (O == 0)
        return EG_OK;
    set_rows(p->os, TS * B, O, net->b_out);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(TS * B), (int)O, (int)H, 1.0,
                p->hs + (S0 + 1) * B * H, (int)H, net->w_out->data, (int)H, 1.0, p->os, (int)O);
    const double *tgt = b->target + S0 * B * O;
    for (size_t k = 0; k < TS * B * O; k++) {
        double o = p->os[k], e = o - tgt[k];
        *right += (o > 0 && tgt[k] > 0) || (o < 0 && tgt[k] < 0);
        *se += e * e;
    }
    return EG_OK;
}

/* The backward pass into grad; os holds the outputs and becomes ∂L/∂o = scale (o − y). */
static void backward(const eg_cell_net *net, const eg_batch *b, pass *p, double scale, eg_cell_net *grad)
{
    const eg_cell *c = net->cell;
    eg_cell *g = grad->cell;
    size_t B = p->B, T = p->T, H = p->H, NI = p->NI, O = p->O, GH = p->G * H, S0 = b->scored_from, TS = T - S0;
    const double *tgt = b->target + S0 * B * O;
    for (size_t k = 0; k < TS * B * O; k++)
        p->os[k] = scale * (p->os[k] - tgt[k]);
    memset(grad->b_out, 0, O * sizeof(double));
    if (O > 0) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)O, (int)H, (int)(TS * B), 1.0, p->os, (int)O,
                    p->hs + (S0 + 1) * B * H, (int)H, 0.0, grad->w_out->data, (int)H);
        add_column_sums(p->os, TS * B, O, grad->b_out);
    }
    memset(p->dh, 0, B * H * sizeof(double));
    memset(p->dc, 0, B * H * sizeof(double));
    for (size_t t = T; t-- > 0;) {
        /* dh: ∂L/∂h after step t, from later steps (already in dh) and the readout. */
        if (t >= S0 && O > 0)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)H, (int)O, 1.0,
                        p->os + (t - S0) * B * O, (int)O, net->w_out->data, (int)H, 1.0, p->dh, (int)H);
        double *x = p->xs + t * B * GH, *y = p->ys + t * B * GH;
        const double *h = p->hs + t * B * H, *cc = p->cs + t * B * H;
        for (size_t r = 0; r < B; r++)
            cell_backward(c->kind, H, x + r * GH, y + r * GH, h + r * H, cc + r * H, h + (B + r) * H,
                          cc + (B + r) * H, p->dh + r * H, p->dc + r * H, p->dh2 + r * H);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)B, (int)H, (int)GH, 1.0, y, (int)GH,
                    c->w_hh->data, (int)H, 1.0, p->dh2, (int)H);
        double *swap = p->dh;
        p->dh = p->dh2;
        p->dh2 = swap;
    }
    /* ∂L/∂W_ih = Σ_t ∂Xᵀ u_t, ∂L/∂W_hh = Σ_t ∂Yᵀ h_{t−1}, the biases the column sums. */
    if (NI > 0)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)GH, (int)NI, (int)(T * B), 1.0, p->xs, (int)GH,
                    b->input, (int)NI, 0.0, g->w_ih->data, (int)NI);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)GH, (int)H, (int)(T * B), 1.0, p->ys, (int)GH, p->hs,
                (int)H, 0.0, g->w_hh->data, (int)H);
    memset(g->b_ih, 0, GH * sizeof(double));
    memset(g->b_hh, 0, GH * sizeof(double));
    add_column_sums(p->xs, T * B, GH, g->b_ih);
    add_column_sums(p->ys, T * B, GH, g->b_hh);
}

eg_status eg_cell_loss_grad(const eg_cell_net *net, const eg_batch *batch, eg_cell_net *grad, double *loss,
                            double *accuracy, eg_error *err)
{
    if (!net || !batch || !loss)
        return eg_error_set(err, EG_EINVAL, "a loss needs a network, a batch and a result");
    const eg_cell *c = net->cell;
    pass p = {.B = batch->size, .T = batch->steps, .H = c->hidden, .NI = c->input, .O = net->w_out->rows,
              .G = c->gates};
    if (c->kind == EG_CELL_LEAKY_RELU)
        return eg_error_set(err, EG_EINVAL, "engram does not train a %s", eg_cell_kind_name(c->kind));
    if (batch->in != p.NI || batch->out != p.O)
        return eg_error_set(err, EG_EINVAL, "batch has %zu inputs and %zu targets; the network has %zu and %zu",
                            batch->in, batch->out, p.NI, p.O);
    if (grad && (grad->cell->kind != c->kind || grad->cell->hidden != p.H || grad->cell->input != p.NI ||
                 grad->w_out->rows != p.O))
        return eg_error_set(err, EG_EINVAL, "gradient sizes do not match the network");
    if (p.H == 0 || p.B == 0 || batch->scored_from >= p.T)
        return eg_error_set(err, EG_EINVAL, "a loss needs hidden units, sequences and at least one scored step");
    size_t TS = p.T - batch->scored_from, count = TS * p.B * p.O;
    if (p.T * p.B > (size_t)1 << 30 || p.G * p.H > (size_t)1 << 20)
        return eg_error_set(err, EG_ENOMEM, "a batch of %zu × %zu steps is too large", p.B, p.T);
    if (!pass_alloc(&p, TS)) {
        pass_free(&p);
        return eg_error_set(err, EG_ENOMEM, "out of memory for %zu steps of %zu sequences of %zu units", p.T, p.B,
                            p.H);
    }
    double se = 0;
    size_t right = 0;
    eg_status st = forward(net, batch, &p, &se, &right, err);
    if (st == EG_OK) {
        *loss = count ? se / (double)count : 0.0;
        if (accuracy)
            *accuracy = count ? (double)right / (double)count : 0.0;
        if (!isfinite(*loss))
            st = eg_error_set(err, EG_ENUMERIC, "the loss is not finite");
    }
    if (st == EG_OK && grad)
        backward(net, batch, &p, 2.0 / (double)(count ? count : 1), grad);
    pass_free(&p);
    return st;
}
