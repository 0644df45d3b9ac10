/* engram/engram.h: engram as a library: load a model (from a file or from
 * text, with param overrides), read its diagnostics, run it (all its actions
 * or some, with arrays held in memory standing in for the files it loads, a
 * progress callback that can cancel) and read the result tree by key.
 *
 * Ownership: every object a function returns through an `out` pointer is the
 * caller's, to free with the matching *_free (which accept NULL). Pointers to
 * strings, diagnostics, values and array data a handle hands out are borrowed:
 * they stay valid until that handle is freed. Nothing is printed: every problem
 * comes back as a status and diagnostics. A model may be run any number of
 * times, from several threads at once. */
#ifndef ENGRAM_ENGRAM_H
#define ENGRAM_ENGRAM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum eg_api_status {
    EG_API_OK = 0,
    EG_API_EMODEL,     /* the model has errors: see its diagnostics */
    EG_API_ENUMERIC,   /* a run failed numerically (divergence, NaN, a solver that gave up) */
    EG_API_EIO,        /* a file could not be read (the model, or a file it loads) */
    EG_API_ENOMEM,     /* out of memory */
    EG_API_EINVAL,     /* an argument is wrong (an unknown block, a malformed array) */
    EG_API_ECANCELLED  /* the progress callback or eg_api_cancel asked to stop */
} eg_api_status;

/* A short name of a status ("numeric failure", ...). */
const char *eg_api_status_name(eg_api_status st);

/* ---- Loading and checking ------------------------------------------------ */

/* A param override: the param `name` takes `value`, an engram expression as
 * `engram run -D name=value` takes it ("3", "0.25", "[1, 2]", "hebb"). */
typedef struct eg_api_param {
    const char *name;
    const char *value;
} eg_api_param;

typedef enum eg_api_severity { EG_API_ERROR, EG_API_WARNING, EG_API_NOTE } eg_api_severity;

/* One diagnostic. file is NULL for problems that belong to no file (an
 * override); line and column count from 1 (0: the whole file). hint is the
 * text of the note that follows an error or warning ("did you mean ...?"),
 * or NULL; the note also appears as a diagnostic of its own. */
typedef struct eg_api_diag {
    eg_api_severity severity;
    const char *file;
    int line, column;
    const char *message;
    const char *hint;
} eg_api_diag;

typedef struct eg_api_model eg_api_model;

/* Parses, checks and compiles the model file at path with the overrides.
 * *out is set whenever memory allows, also when the model has errors
 * (EG_API_EMODEL) or its file cannot be read (EG_API_EIO), so that the caller
 * can read the diagnostics; such a model cannot be run. */
eg_api_status eg_api_load_file(const char *path, const eg_api_param *params, size_t nparams, eg_api_model **out);
/* The same for model text held in memory, shown in diagnostics as `name`
 * (files it includes or loads are found relative to the folder of `name`). */
eg_api_status eg_api_load_text(const char *name, const char *text, size_t len, const eg_api_param *params,
                               size_t nparams, eg_api_model **out);
void eg_api_model_free(eg_api_model *m);

/* The load's status again: EG_API_OK when the model can run. */
eg_api_status eg_api_check(const eg_api_model *m);
/* The diagnostics of the load (warnings of a good model included). */
const eg_api_diag *eg_api_model_diags(const eg_api_model *m, size_t *n);
/* Every diagnostic GCC-style, with the source line and a caret under the
 * column, as `engram check` prints them ("" when there are none). */
const char *eg_api_model_diag_text(const eg_api_model *m);

/* The model's action blocks (recall, capacity, simulate, ...), in file order. */
size_t eg_api_model_actions(const eg_api_model *m);
const char *eg_api_model_action(const eg_api_model *m, size_t i);

/* ---- Running -------------------------------------------------------------- */

typedef enum eg_api_dtype { EG_API_FLOAT64, EG_API_FLOAT32 } eg_api_dtype;

/* An array held in memory that a model's load("name") reads instead of the
 * file: `name` is matched against the file name exactly as the model writes it
 * (load("W.npy") is served by the array named "W.npy"), so the same model runs
 * from files on the command line. data is borrowed for the run; strides are
 * in bytes (any order, any spacing); ndim is 1 (one row) or 2. Arrays that
 * are float64, row-major and contiguous are read in place for the run,
 * without a copy, where engram only reads them: a rate network's weights, a
 * trained RNN's weights, input weights and readout, episodes loaded without
 * a threshold (the episode set keeps its own copy) and input tables (the
 * caller keeps them alive and unchanged until eg_api_run returns; engram never
 * writes to them); every other use, dtype or order copies the values into
 * engram's own matrix when the model loads them, as it would read a file. */
typedef struct eg_api_array {
    const char *name;
    const void *data;
    eg_api_dtype dtype;
    size_t ndim;
    size_t shape[2];
    ptrdiff_t strides[2];
} eg_api_array;

/* Called before each action (done = actions finished so far, of total; what =
 * the block about to run, or a sweep point's label) and once at the end (done ==
 * total, what NULL). Return nonzero to cancel: the run stops before the next
 * action with EG_API_ECANCELLED, freeing everything it built. It is called on
 * the thread that called eg_api_run. */
typedef int (*eg_api_progress_fn)(void *ctx, size_t done, size_t total, const char *what);

/* Called (with the progress ctx) about every 0.2 s while an action runs, at the
 * points where the engine checks for cancellation: between the trials of an
 * experiment, training steps, every 256 integration steps, the points of a
 * continuation. Return nonzero to cancel: the action stops there, the run
 * returns EG_API_ECANCELLED. Called on the thread that called eg_api_run,
 * only while that thread does the engine's work (worker threads never call
 * it), so between two calls may pass one trial's time. */
typedef int (*eg_api_heartbeat_fn)(void *ctx);

typedef struct eg_api_run_options {
    const char *const *blocks; /* run only these actions (NULL: all of them) */
    size_t nblocks;
    int threads;               /* worker threads for experiments that parallelise (0: all cores) */
    const eg_api_array *arrays;
    size_t narrays;
    eg_api_progress_fn progress;
    void *progress_ctx;
    eg_api_heartbeat_fn heartbeat; /* or NULL */
} eg_api_run_options;

typedef struct eg_api_result eg_api_result;

/* Runs the model (opt may be NULL). *out is set whenever memory allows, also
 * on failure, to carry the diagnostics; its tree is NULL on failure, except
 * for a simulation that diverged, whose result so far is kept and marked
 * "complete": false. The tree is what `engram run --json` prints: "engram",
 * "model", "results" (one object per action, with "block" and "kind") and
 * "params"; a model with sweeps gives "points" instead, one such tree each. */
eg_api_status eg_api_run(const eg_api_model *m, const eg_api_run_options *opt, eg_api_result **out);
void eg_api_result_free(eg_api_result *r);

/* Asks every run in progress in the process to stop, as a progress callback's
 * nonzero return does: each stops at its next check (between trials of an
 * experiment, training steps, every few hundred integration steps, points of a
 * continuation or a sweep, actions) and returns EG_API_ECANCELLED with no
 * tree, having freed what it built. Async-signal-safe: a SIGINT handler may
 * call it. A request made while no run is in progress is dropped. */
void eg_api_cancel(void);

/* A result's diagnostics name the files of its model: free the result
 * before the model. Its tree owns all its values. */
eg_api_status eg_api_result_status(const eg_api_result *r);
const eg_api_diag *eg_api_result_diags(const eg_api_result *r, size_t *n);
const char *eg_api_result_diag_text(const eg_api_result *r);

/* ---- The result tree ------------------------------------------------------- */

typedef struct eg_api_value eg_api_value;

typedef enum eg_api_kind {
    EG_API_OBJECT,  /* named members */
    EG_API_LIST,    /* members without names */
    EG_API_NUMBER,
    EG_API_INTEGER,
    EG_API_STRING,
    EG_API_BOOL,
    EG_API_ARRAY,   /* float64 values, row-major, 1-d or 2-d */
    EG_API_FIGURE   /* a figure intent, inside a result's "figures" list */
} eg_api_kind;

/* The root (an object), or NULL when the run failed without a result. */
const eg_api_value *eg_api_result_root(const eg_api_result *r);

eg_api_kind eg_api_value_kind(const eg_api_value *v);
/* The member name inside an object, NULL inside a list. */
const char *eg_api_value_key(const eg_api_value *v);
/* Objects and lists: the number of members, and member i. */
size_t eg_api_value_count(const eg_api_value *v);
const eg_api_value *eg_api_value_at(const eg_api_value *v, size_t i);
/* An object's member, or NULL. */
const eg_api_value *eg_api_value_get(const eg_api_value *v, const char *key);
/* The value at a dotted path below v ("basis.phi"), or NULL. */
const eg_api_value *eg_api_value_find(const eg_api_value *v, const char *path);
/* The result object of action `block` in a tree's "results", or NULL. */
const eg_api_value *eg_api_value_result(const eg_api_value *root, const char *block);

/* NUMBER, INTEGER and BOOL as a double; 0 for others. */
double eg_api_value_number(const eg_api_value *v);
/* INTEGER and BOOL (0 or 1); 0 for others. */
long long eg_api_value_integer(const eg_api_value *v);
/* STRING: the text; ARRAY: what a table's rows are called where its key is
 * generic (a "table" of recalls is "recalls"), or NULL; FIGURE: its name. */
const char *eg_api_value_string(const eg_api_value *v);

/* ARRAY: the number of dimensions (1 for a column, as the JSON writes it,
 * else 2) and the shape; the data, row-major float64, borrowed. */
size_t eg_api_value_shape(const eg_api_value *v, size_t shape[2]);
eg_api_dtype eg_api_value_dtype(const eg_api_value *v);
const double *eg_api_value_data(const eg_api_value *v);

/* FIGURE: its title and axis labels, and its series: the key path of the
 * array each draws (in the same result) and its title. NULL past the end. */
const char *eg_api_figure_title(const eg_api_value *v);
const char *eg_api_figure_xlabel(const eg_api_value *v);
const char *eg_api_figure_ylabel(const eg_api_value *v);
size_t eg_api_figure_series(const eg_api_value *v);
const char *eg_api_figure_series_data(const eg_api_value *v, size_t i);
const char *eg_api_figure_series_title(const eg_api_value *v, size_t i);

/* ---- Analyses of arrays, without a model ----------------------------------- */

/* The arrays below are borrowed for the call and only read. One that is
 * float64, row-major and contiguous (C order: strides {cols·8, 8}) is read in
 * place, so even a large matrix costs no copy at the boundary; the caller must
 * keep it alive and unchanged until the call returns. Any other dtype or order
 * is copied first. A 1-d array is one row; its name (or a generic one when
 * NULL) appears in messages. Failures come back as the status and one error
 * diagnostic in the result, whose tree is then NULL. */

typedef struct eg_api_spectrum_options {
    const eg_api_array *basis;  /* Ψ (units × K) to read W in, or NULL */
    const eg_api_array *input;  /* input weights W_uh: the privileged basis over `steps` (instead of basis) */
    size_t steps;
    const char *compare;        /* a task as `engram spectrum --compare` takes it ("repeat_copy(8, 8)"), or NULL */
    double rank_threshold;      /* |λ| counted in "rank" (0: 0.8) */
    double angle_threshold;     /* |λ| whose angles are compared with the theory (0: 0.9) */
    int vectors;                /* report the eigenvectors too */
} eg_api_spectrum_options;

/* The spectrum of the square matrix w, as `engram spectrum W [--basis B |
 * --input U --steps S] [--compare TASK] --json` reports it: the tree has
 * "engram", "command" and "results", one object of kind "spectrum" with
 * "eigenvalues" (n × 2: re, im), "singular_values", "radius", "rank", ...,
 * "basis" ("phi", "residual", ...) with a basis and "comparison" with a
 * theory (opt may be NULL). A W that is not square or holds non-finite
 * values, a basis of the wrong shape, a malformed compare text are
 * EG_API_EINVAL; LAPACK's failures EG_API_ENUMERIC. */
eg_api_status eg_api_spectrum(const eg_api_array *w, const eg_api_spectrum_options *opt, eg_api_result **out);

/* The privileged basis of W (n × n) for input weights W_uh (n × d) over
 * `steps` steps (Episodic Memory Theory): Ψ = [W^{s−1}W_uh, …, W W_uh, W_uh],
 * each column scaled to unit 2-norm, n × steps·d, as `engram spectrum --input
 * U --steps S` and a model's `basis = privileged(...)` build it. The tree is
 * {"basis": Ψ}. Shapes that do not fit, steps·d > n and non-finite values are
 * EG_API_EINVAL; a zero column EG_API_ENUMERIC. */
eg_api_status eg_api_privileged_basis(const eg_api_array *w, const eg_api_array *w_uh, size_t steps,
                                      eg_api_result **out);

/* What eg_api_fixed_points takes besides the cell's weights. Start from
 * eg_api_fixed_points_defaults() (the command line's defaults). */
typedef struct eg_api_fixed_points_options {
    const char *layout;          /* where the weights are kept: "pytorch-rnn", "pytorch-gru", ...; NULL: told
                                    from the keys (see eg_api_fixed_points) */
    const char *prefix;          /* the keys' prefix ("rnn." for a submodule called rnn), or NULL (with no
                                    layout: the prefix of the cell's keys, whatever it is) */
    const double *input;         /* the constant input u*, one value per input of the cell; NULL: zeros */
    size_t ninput;
    double alpha;                /* dt/τ of a leaky cell whose file does not hold it (0: not given) */
    size_t starts;               /* searches (default 256) */
    size_t steps;                /* length of the trajectory starts are drawn from (default 1000) */
    unsigned long long seed;     /* of the pulses, draws and jitter (default 1) */
    double jitter;               /* noise added to each start (default 0) */
    double q_tol;                /* largest q of a fixed point (default 1e-12) */
    const eg_api_array *from;    /* given starts, one per row, instead of the trajectory's; or NULL */
    const eg_api_array *basis;   /* memories (state × K) to read the points in; or NULL */
} eg_api_fixed_points_options;

eg_api_fixed_points_options eg_api_fixed_points_defaults(void);

/* The fixed points of a trained recurrent cell h' = F(h, u*), as `engram
 * fixed-points FILE --layout L --json` reports them: the cell's weights come
 * from the file at `path` (.npz, .safetensors) or, when path is NULL, from
 * `arrays` keyed as the layout names them (a PyTorch state dict's
 * "weight_hh_l0", ...; 0-d arrays too, name = the key). The tree has
 * "command", "layout", "cell", "hidden", "input", "starts", "converged",
 * "duplicates", "outliers", "q_tol", "count", "stable" and "points", one
 * object each with "q", "class", "unstable", "state", "eigenvalues" (n × 2),
 * "jacobian" (n × n), "input_jacobian" (n × inputs), and with a basis
 * "in_basis" and "jacobian_in_basis". Without a layout, the keys tell it:
 * PyTorch's weight_hh_l0 (under any prefix) of H, 3H or 4H rows for H columns
 * is "pytorch-rnn" (nn.RNN's relu cannot be told from its tanh: tanh is
 * taken), "pytorch-gru" or "pytorch-lstm"; PsychRNN's W_rec "psychrnn"; the
 * tree's "layout" says which. An unknown layout, keys that show none or
 * several cells, a missing key, a shape that does not fit, an input of the
 * wrong length are EG_API_EINVAL; a file that cannot be read EG_API_EIO; a
 * trajectory that diverges EG_API_ENUMERIC. */
eg_api_status eg_api_fixed_points(const char *path, const eg_api_array *arrays, size_t narrays,
                                  const eg_api_fixed_points_options *opt, eg_api_result **out);

/* The tree written as `engram run -o dir` writes it: .npy files, gnuplot
 * scripts and summary.json (to draw its figures). On failure the reason is in
 * msg (msglen bytes, at least 1). */
eg_api_status eg_api_result_write_dir(const eg_api_result *r, const char *dir, char *msg, size_t msglen);

#ifdef __cplusplus
}
#endif

#endif
