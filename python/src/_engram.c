/* _engram.c: the CPython binding of engram's C API (engram/engram.h). It is
 * kept thin: a Model type over eg_api_model, a run that releases the GIL while
 * engram works and hands back the result tree as Python objects (arrays as
 * numpy views of the tree's own data, kept alive by the run that made them);
 * the package (engram/__init__.py) builds the user-facing classes on top. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <signal.h>
#include <string.h>

#include "engram/engram.h"

/* ---- A run's result, owner of the tree the arrays view ---------------------- */

typedef struct {
    PyObject_HEAD
    eg_api_result *result;
    PyObject *model; /* the result's diagnostics name the model's files */
} TreeObject;

static void tree_dealloc(TreeObject *self)
{
    eg_api_result_free(self->result);
    Py_XDECREF(self->model);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject TreeType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "engram._engram.Tree",
    .tp_basicsize = sizeof(TreeObject),
    .tp_dealloc = (destructor)tree_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "the memory of one run's result tree (arrays are views into it)",
};

/* ---- Diagnostics ------------------------------------------------------------ */

static const char *const severities[] = {"error", "warning", "note"};

/* Diagnostics as a list of tuples (severity, file, line, column, message, hint). */
static PyObject *diag_list(const eg_api_diag *d, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *t = Py_BuildValue("(sziisz)", severities[d[i].severity], d[i].file, d[i].line, d[i].column,
                                    d[i].message, d[i].hint);
        if (!t) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* ---- The result tree as Python objects ---------------------------------------- */

static PyObject *convert(const eg_api_value *v, PyObject *owner);

/* An array node as a read-only numpy view of the tree's data, owned by owner. */
static PyObject *convert_array(const eg_api_value *v, PyObject *owner)
{
    size_t shape[2];
    size_t nd = eg_api_value_shape(v, shape);
    npy_intp dims[2] = {(npy_intp)shape[0], (npy_intp)shape[1]};
    const double *data = eg_api_value_data(v);
    PyObject *a;
    if (!data || shape[0] * (nd == 2 ? shape[1] : 1) == 0) {
        /* An empty matrix has no buffer to view. */
        a = PyArray_ZEROS((int)nd, dims, NPY_DOUBLE, 0);
        return a;
    }
    a = PyArray_SimpleNewFromData((int)nd, dims, NPY_DOUBLE, (void *)data);
    if (!a)
        return NULL;
    Py_INCREF(owner);
    if (PyArray_SetBaseObject((PyArrayObject *)a, owner) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
    return a;
}

/* A list whose members are all numbers, as a 1-d float64 array (copied). */
static PyObject *convert_numbers(const eg_api_value *v)
{
    size_t n = eg_api_value_count(v);
    npy_intp dims[1] = {(npy_intp)n};
    PyObject *a = PyArray_SimpleNew(1, dims, NPY_DOUBLE);
    if (!a)
        return NULL;
    double *x = PyArray_DATA((PyArrayObject *)a);
    for (size_t i = 0; i < n; i++)
        x[i] = eg_api_value_number(eg_api_value_at(v, i));
    return a;
}

/* A figure intent as a dict with "__figure__": its name, title, labels and series. */
static PyObject *convert_figure(const eg_api_value *v)
{
    size_t n = eg_api_figure_series(v);
    PyObject *series = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; series && i < n; i++) {
        PyObject *s = Py_BuildValue("{s:z,s:z}", "data", eg_api_figure_series_data(v, i), "title",
                                    eg_api_figure_series_title(v, i));
        if (!s) {
            Py_CLEAR(series);
            break;
        }
        PyList_SET_ITEM(series, (Py_ssize_t)i, s);
    }
    if (!series)
        return NULL;
    return Py_BuildValue("{s:O,s:z,s:z,s:z,s:z,s:N}", "__figure__", Py_True, "name", eg_api_value_string(v), "title",
                         eg_api_figure_title(v), "xlabel", eg_api_figure_xlabel(v), "ylabel",
                         eg_api_figure_ylabel(v), "series", series);
}

static PyObject *convert_container(const eg_api_value *v, PyObject *owner)
{
    size_t n = eg_api_value_count(v);
    int object = eg_api_value_kind(v) == EG_API_OBJECT;
    if (!object) {
        int numbers = n > 0;
        for (size_t i = 0; numbers && i < n; i++)
            numbers = eg_api_value_kind(eg_api_value_at(v, i)) == EG_API_NUMBER;
        if (numbers)
            return convert_numbers(v);
    }
    PyObject *out = object ? PyDict_New() : PyList_New((Py_ssize_t)n);
    for (size_t i = 0; out && i < n; i++) {
        const eg_api_value *kid = eg_api_value_at(v, i);
        PyObject *x = convert(kid, owner);
        if (!x) {
            Py_CLEAR(out);
            break;
        }
        if (!object) {
            PyList_SET_ITEM(out, (Py_ssize_t)i, x);
            continue;
        }
        int rc = PyDict_SetItemString(out, eg_api_value_key(kid), x);
        Py_DECREF(x);
        if (rc < 0)
            Py_CLEAR(out);
    }
    return out;
}

/* One node and everything below it. */
static PyObject *convert(const eg_api_value *v, PyObject *owner)
{
    switch (eg_api_value_kind(v)) {
    case EG_API_OBJECT:
    case EG_API_LIST: return convert_container(v, owner);
    case EG_API_NUMBER: return PyFloat_FromDouble(eg_api_value_number(v));
    case EG_API_INTEGER: return PyLong_FromLongLong(eg_api_value_integer(v));
    case EG_API_STRING: return PyUnicode_FromString(eg_api_value_string(v));
    case EG_API_BOOL: return PyBool_FromLong((long)eg_api_value_integer(v));
    case EG_API_ARRAY: return convert_array(v, owner);
    case EG_API_FIGURE: return convert_figure(v);
    }
    Py_RETURN_NONE;
}

/* (status, tree or None, diagnostics, text, owner) of a result, which the
 * returned owner (a Tree) takes over; model is the model whose files the
 * diagnostics name, or NULL. */
static PyObject *result_tuple(eg_api_result *result, eg_api_status st, PyObject *model)
{
    TreeObject *tree = PyObject_New(TreeObject, &TreeType);
    if (!tree) {
        eg_api_result_free(result);
        return NULL;
    }
    tree->result = result;
    tree->model = model;
    Py_XINCREF(model);
    size_t nd;
    const eg_api_diag *d = eg_api_result_diags(result, &nd);
    const eg_api_value *root = eg_api_result_root(result);
    PyObject *py_root = root ? convert(root, (PyObject *)tree) : (Py_INCREF(Py_None), Py_None);
    PyObject *py_diags = py_root ? diag_list(d, nd) : NULL;
    PyObject *ret = NULL;
    if (py_root && py_diags)
        ret = Py_BuildValue("(iNNsO)", (int)st, py_root, py_diags, eg_api_result_diag_text(result), (PyObject *)tree);
    else {
        Py_XDECREF(py_root);
        Py_XDECREF(py_diags);
    }
    Py_DECREF(tree);
    return ret;
}

/* ---- Model ---------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    eg_api_model *model;
} ModelObject;

static void model_dealloc(ModelObject *self)
{
    eg_api_model_free(self->model);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *model_status(ModelObject *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromLong((long)eg_api_check(self->model));
}

static PyObject *model_diagnostics(ModelObject *self, PyObject *unused)
{
    (void)unused;
    size_t n;
    const eg_api_diag *d = eg_api_model_diags(self->model, &n);
    return diag_list(d, n);
}

static PyObject *model_diag_text(ModelObject *self, PyObject *unused)
{
    (void)unused;
    return PyUnicode_FromString(eg_api_model_diag_text(self->model));
}

static PyObject *model_actions(ModelObject *self, PyObject *unused)
{
    (void)unused;
    size_t n = eg_api_model_actions(self->model);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *s = PyUnicode_FromString(eg_api_model_action(self->model, i));
        if (!s) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}

/* What a run's progress callback needs from Python, and its last report,
 * which the heartbeat repeats. */
typedef struct {
    PyObject *callback; /* the user's, or NULL */
    int stop;
    Py_ssize_t done, total;
    PyObject *what; /* the last report's what (a str, or None), owned */
} progress_state;

/* Called by engram (without the GIL) between actions: checks for Ctrl-C and
 * calls the user's callback; an exception in either stops the run. */
static int on_progress(void *ctx, size_t done, size_t total, const char *what)
{
    progress_state *p = ctx;
    PyGILState_STATE g = PyGILState_Ensure();
    p->done = (Py_ssize_t)done;
    p->total = (Py_ssize_t)total;
    Py_XSETREF(p->what, what ? PyUnicode_FromString(what) : Py_NewRef(Py_None));
    if (!p->what)
        p->stop = 1;
    if (!p->stop && PyErr_CheckSignals() < 0)
        p->stop = 1;
    if (!p->stop && p->callback) {
        PyObject *r = PyObject_CallFunction(p->callback, "nnO", p->done, p->total, p->what);
        if (!r)
            p->stop = 1;
        else if (PyObject_IsTrue(r) > 0) /* a true return asks to stop too */
            p->stop = 2;
        Py_XDECREF(r);
    }
    int stop = p->stop != 0;
    PyGILState_Release(g);
    return stop;
}

/* Called by engram (without the GIL) about every 0.2 s inside a long action:
 * the last report again, so that the callback can stop the action itself. */
static int on_heartbeat(void *ctx)
{
    progress_state *p = ctx;
    PyGILState_STATE g = PyGILState_Ensure();
    if (!p->stop && PyErr_CheckSignals() < 0)
        p->stop = 1;
    if (!p->stop && p->callback && p->what) {
        PyObject *r = PyObject_CallFunction(p->callback, "nnO", p->done, p->total, p->what);
        if (!r)
            p->stop = 1;
        else if (PyObject_IsTrue(r) > 0)
            p->stop = 2;
        Py_XDECREF(r);
    }
    int stop = p->stop != 0;
    PyGILState_Release(g);
    return stop;
}

/* ---- Ctrl-C while engram runs ------------------------------------------------ */

/* Whether SIGINT arrived during the run (set by the handler below). */
static volatile sig_atomic_t sigint_seen;

/* Python's own handler only notes the signal for the interpreter, which does
 * not look while engram runs without the GIL: this one asks engram to stop
 * (an atomic store, safe in a handler) and notes it for the call's end. */
static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
    eg_api_cancel();
}

/* Installs on_sigint for the call's duration, keeping the previous handler in
 * *old; 0 when SIGINT is ignored (then nothing is installed). */
static int sigint_install(struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, NULL, old) != 0 || old->sa_handler == SIG_IGN)
        return 0;
    sigint_seen = 0;
    return sigaction(SIGINT, &sa, old) == 0;
}

/* Puts the previous handler back; a SIGINT that came meanwhile goes to it now
 * (Python's raises KeyboardInterrupt). -1 with the exception it raised. */
static int sigint_restore(const struct sigaction *old)
{
    sigaction(SIGINT, old, NULL);
    if (!sigint_seen)
        return 0;
    sigint_seen = 0;
    PyErr_SetInterrupt();
    return PyErr_CheckSignals();
}

/* One ndarray (float64 or float32, native, aligned, 1-d or 2-d, any strides)
 * as an eg_api_array viewing its memory in place; the caller keeps obj alive
 * while engram reads it. 0 with an exception set on a bad one. */
static int view_array(PyObject *obj, const char *name, eg_api_array *out)
{
    if (!PyArray_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "array '%s': expected a numpy array", name);
        return 0;
    }
    PyArrayObject *a = (PyArrayObject *)obj;
    int type = PyArray_TYPE(a), nd = PyArray_NDIM(a);
    if ((type != NPY_DOUBLE && type != NPY_FLOAT) || !PyArray_ISNOTSWAPPED(a) || !PyArray_ISALIGNED(a)) {
        PyErr_Format(PyExc_TypeError, "array '%s': expected native float64 or float32 values", name);
        return 0;
    }
    if (nd != 1 && nd != 2) {
        PyErr_Format(PyExc_ValueError, "array '%s': expected 1 or 2 dimensions, found %d", name, nd);
        return 0;
    }
    out->name = name;
    out->data = PyArray_DATA(a);
    out->dtype = type == NPY_DOUBLE ? EG_API_FLOAT64 : EG_API_FLOAT32;
    out->ndim = (size_t)nd;
    for (int k = 0; k < nd; k++) {
        out->shape[k] = (size_t)PyArray_DIM(a, k);
        out->strides[k] = (ptrdiff_t)PyArray_STRIDE(a, k);
    }
    return 1;
}

/* The arrays to serve to load(): a sequence of (name, ndarray). Views them in
 * place; the caller keeps the arrays alive for the run. */
static int fill_arrays(PyObject *seq, eg_api_array *out, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        const char *name;
        PyObject *obj;
        if (!PyArg_ParseTuple(item, "sO", &name, &obj) || !view_array(obj, name, &out[i]))
            return 0;
    }
    return 1;
}

/* The names of the blocks to run, as C strings borrowed from seq. */
static int fill_blocks(PyObject *seq, const char **out, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
        if (!out[i])
            return 0;
    }
    return 1;
}

/* run(blocks, threads, arrays, progress, main) -> (status, tree or None,
 * diagnostics, text); main: the caller is the main thread, where Ctrl-C is
 * caught for the run's duration. */
static PyObject *model_run(ModelObject *self, PyObject *args)
{
    PyObject *blocks_obj, *arrays_obj, *callback;
    int threads, main_thread;
    if (!PyArg_ParseTuple(args, "OiOOp", &blocks_obj, &threads, &arrays_obj, &callback, &main_thread))
        return NULL;
    PyObject *blocks = blocks_obj == Py_None ? NULL : PySequence_Fast(blocks_obj, "blocks must be a sequence");
    PyObject *arrays = PySequence_Fast(arrays_obj, "arrays must be a sequence");
    if ((blocks_obj != Py_None && !blocks) || !arrays) {
        Py_XDECREF(blocks);
        Py_XDECREF(arrays);
        return NULL;
    }
    Py_ssize_t nb = blocks ? PySequence_Fast_GET_SIZE(blocks) : 0, na = PySequence_Fast_GET_SIZE(arrays);
    const char **names = PyMem_Calloc((size_t)nb + 1, sizeof *names);
    eg_api_array *arr = PyMem_Calloc((size_t)na + 1, sizeof *arr);
    PyObject *ret = NULL;
    if (!names || !arr) {
        PyErr_NoMemory();
        goto done;
    }
    if (!fill_blocks(blocks ? blocks : arrays, names, nb) || !fill_arrays(arrays, arr, na))
        goto done;
    progress_state ps = {callback == Py_None ? NULL : callback, 0, 0, 0, NULL};
    eg_api_run_options opt = {.blocks = blocks ? names : NULL, .nblocks = (size_t)nb, .threads = threads,
                              .arrays = arr, .narrays = (size_t)na, .progress = on_progress,
                              .progress_ctx = &ps, .heartbeat = callback == Py_None ? NULL : on_heartbeat};
    eg_api_result *result = NULL;
    eg_api_status st;
    struct sigaction old;
    int caught = main_thread && sigint_install(&old);
    Py_BEGIN_ALLOW_THREADS
    st = eg_api_run(self->model, &opt, &result);
    Py_END_ALLOW_THREADS
    int interrupted = caught && sigint_restore(&old) < 0;
    Py_XDECREF(ps.what);
    if (!result) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    if (interrupted || (ps.stop == 1 && PyErr_Occurred())) {
        /* Ctrl-C or the callback's own exception: raised as it is. */
        eg_api_result_free(result);
        goto done;
    }
    ret = result_tuple(result, st, (PyObject *)self);
done:
    PyMem_Free(names);
    PyMem_Free(arr);
    Py_XDECREF(blocks);
    Py_DECREF(arrays);
    return ret;
}

/* write_dir(tree, dir): the run's files as `engram run -o dir` writes them. */
static PyObject *py_write_dir(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *tree;
    const char *dir;
    if (!PyArg_ParseTuple(args, "O!s", &TreeType, &tree, &dir))
        return NULL;
    char msg[600] = "";
    eg_api_status st;
    Py_BEGIN_ALLOW_THREADS
    st = eg_api_result_write_dir(((TreeObject *)tree)->result, dir, msg, sizeof msg);
    Py_END_ALLOW_THREADS
    if (st != EG_API_OK) {
        PyErr_SetString(PyExc_OSError, msg);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef model_methods[] = {
    {"status", (PyCFunction)model_status, METH_NOARGS, "the load's status (0: the model can run)"},
    {"diagnostics", (PyCFunction)model_diagnostics, METH_NOARGS,
     "the load's diagnostics: (severity, file, line, column, message, hint) tuples"},
    {"diag_text", (PyCFunction)model_diag_text, METH_NOARGS, "the diagnostics, GCC-style"},
    {"actions", (PyCFunction)model_actions, METH_NOARGS, "the model's action blocks, in file order"},
    {"run", (PyCFunction)model_run, METH_VARARGS,
     "run(blocks, threads, arrays, progress) -> (status, tree, diagnostics, text, owner)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "engram._engram.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a loaded model (engram/engram.h)",
    .tp_methods = model_methods,
};

/* The overrides: a sequence of (name, value text) pairs, borrowed from seq. */
static int fill_params(PyObject *seq, eg_api_param *out, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "ss", &out[i].name, &out[i].value))
            return 0;
    return 1;
}

/* load(name, text or None, params) -> Model: a file (text None) or text shown as name. */
static PyObject *py_load(PyObject *mod, PyObject *args)
{
    (void)mod;
    const char *name;
    PyObject *text_obj, *params_obj;
    if (!PyArg_ParseTuple(args, "sOO", &name, &text_obj, &params_obj))
        return NULL;
    const char *text = NULL;
    Py_ssize_t len = 0;
    if (text_obj != Py_None && !(text = PyUnicode_AsUTF8AndSize(text_obj, &len)))
        return NULL;
    PyObject *params = PySequence_Fast(params_obj, "params must be a sequence");
    if (!params)
        return NULL;
    Py_ssize_t np = PySequence_Fast_GET_SIZE(params);
    eg_api_param *p = PyMem_Calloc((size_t)np + 1, sizeof *p);
    eg_api_model *m = NULL;
    if (!p) {
        Py_DECREF(params);
        return PyErr_NoMemory();
    }
    if (!fill_params(params, p, np)) {
        PyMem_Free(p);
        Py_DECREF(params);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    if (text)
        eg_api_load_text(name, text, (size_t)len, p, (size_t)np, &m);
    else
        eg_api_load_file(name, p, (size_t)np, &m);
    Py_END_ALLOW_THREADS
    PyMem_Free(p);
    Py_DECREF(params);
    if (!m)
        return PyErr_NoMemory();
    ModelObject *self = PyObject_New(ModelObject, &ModelType);
    if (!self) {
        eg_api_model_free(m);
        return NULL;
    }
    self->model = m;
    return (PyObject *)self;
}

/* An optional array argument (None or an ndarray) viewed into *out; *use
 * points at out when given. 0 with an exception set. */
static int optional_array(PyObject *obj, const char *name, eg_api_array *out, const eg_api_array **use)
{
    *use = NULL;
    if (obj == Py_None)
        return 1;
    if (!view_array(obj, name, out))
        return 0;
    *use = out;
    return 1;
}

/* spectrum(w, basis, input, steps, compare, rank_threshold, angle_threshold, vectors)
 * -> (status, tree, diagnostics, text, owner): `engram spectrum` of arrays. The
 * arrays are read in place (without the GIL): the caller's references keep them alive. */
static PyObject *py_spectrum(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *w_obj, *basis_obj, *input_obj;
    Py_ssize_t steps;
    const char *compare;
    double rank_threshold, angle_threshold;
    int vectors;
    if (!PyArg_ParseTuple(args, "OOOnzddp", &w_obj, &basis_obj, &input_obj, &steps, &compare, &rank_threshold,
                          &angle_threshold, &vectors))
        return NULL;
    eg_api_array w, basis, input;
    eg_api_spectrum_options opt = {.steps = steps > 0 ? (size_t)steps : 0, .compare = compare,
                                   .rank_threshold = rank_threshold, .angle_threshold = angle_threshold,
                                   .vectors = vectors};
    if (!view_array(w_obj, "W", &w) || !optional_array(basis_obj, "basis", &basis, &opt.basis) ||
        !optional_array(input_obj, "W_ih", &input, &opt.input))
        return NULL;
    eg_api_result *result = NULL;
    eg_api_status st;
    Py_BEGIN_ALLOW_THREADS
    st = eg_api_spectrum(&w, &opt, &result);
    Py_END_ALLOW_THREADS
    if (!result)
        return PyErr_NoMemory();
    return result_tuple(result, st, NULL);
}

/* privileged(w, w_uh, steps) -> (status, tree, diagnostics, text, owner): the tree {"basis": Ψ}. */
static PyObject *py_privileged(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *w_obj, *u_obj;
    Py_ssize_t steps;
    if (!PyArg_ParseTuple(args, "OOn", &w_obj, &u_obj, &steps))
        return NULL;
    eg_api_array w, u;
    if (!view_array(w_obj, "W", &w) || !view_array(u_obj, "W_ih", &u))
        return NULL;
    eg_api_result *result = NULL;
    eg_api_status st;
    Py_BEGIN_ALLOW_THREADS
    st = eg_api_privileged_basis(&w, &u, steps > 0 ? (size_t)steps : 0, &result);
    Py_END_ALLOW_THREADS
    if (!result)
        return PyErr_NoMemory();
    return result_tuple(result, st, NULL);
}

/* fixed_points(path or None, arrays, layout or None, prefix, input or None, alpha, starts,
 * steps, seed, jitter, q_tol, from or None, basis or None) -> (status, tree,
 * diagnostics, text, owner): `engram fixed-points` of a file or of (key, ndarray)
 * pairs. The arrays are read in place (without the GIL): the caller keeps them alive. */
static PyObject *py_fixed_points(PyObject *mod, PyObject *args)
{
    (void)mod;
    const char *path, *layout, *prefix;
    PyObject *arrays_obj, *input_obj, *from_obj, *basis_obj;
    double alpha, jitter, q_tol;
    Py_ssize_t starts, steps;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "zOzzOdnnKddOO", &path, &arrays_obj, &layout, &prefix, &input_obj, &alpha, &starts,
                          &steps, &seed, &jitter, &q_tol, &from_obj, &basis_obj))
        return NULL;
    PyObject *arrays = PySequence_Fast(arrays_obj, "arrays must be a sequence");
    if (!arrays)
        return NULL;
    Py_ssize_t na = PySequence_Fast_GET_SIZE(arrays);
    eg_api_array *arr = PyMem_Calloc((size_t)na + 1, sizeof *arr);
    eg_api_array input, from, basis;
    eg_api_fixed_points_options opt = eg_api_fixed_points_defaults();
    opt.layout = layout;
    opt.prefix = prefix;
    opt.alpha = alpha;
    opt.starts = starts > 0 ? (size_t)starts : 0;
    opt.steps = steps > 0 ? (size_t)steps : 0;
    opt.seed = seed;
    opt.jitter = jitter;
    opt.q_tol = q_tol;
    const eg_api_array *in = NULL;
    PyObject *ret = NULL;
    if (!arr) {
        PyErr_NoMemory();
        goto done;
    }
    if (!fill_arrays(arrays, arr, na) || !optional_array(input_obj, "input", &input, &in) ||
        !optional_array(from_obj, "starts", &from, &opt.from) || !optional_array(basis_obj, "basis", &basis, &opt.basis))
        goto done;
    if (in && (in->dtype != EG_API_FLOAT64 || in->ndim != 1 || (in->shape[0] > 1 && in->strides[0] != sizeof(double)))) {
        PyErr_SetString(PyExc_TypeError, "the input must be a contiguous 1-d float64 array");
        goto done;
    }
    if (in) {
        opt.input = in->data;
        opt.ninput = in->shape[0];
    }
    eg_api_result *result = NULL;
    eg_api_status st;
    Py_BEGIN_ALLOW_THREADS
    st = eg_api_fixed_points(path, arr, (size_t)na, &opt, &result);
    Py_END_ALLOW_THREADS
    if (!result) {
        PyErr_NoMemory();
        goto done;
    }
    ret = result_tuple(result, st, NULL);
done:
    PyMem_Free(arr);
    Py_DECREF(arrays);
    return ret;
}

static PyMethodDef module_methods[] = {
    {"load", py_load, METH_VARARGS, "load(name, text or None, params) -> Model"},
    {"fixed_points", py_fixed_points, METH_VARARGS,
     "fixed_points(path, arrays, layout, prefix, input, alpha, starts, steps, seed, jitter, q_tol, from, basis) -> "
     "(status, tree, diagnostics, text, owner)"},
    {"spectrum", py_spectrum, METH_VARARGS,
     "spectrum(w, basis, input, steps, compare, rank_threshold, angle_threshold, vectors) -> (status, tree, diagnostics, text, owner)"},
    {"privileged", py_privileged, METH_VARARGS, "privileged(w, w_uh, steps) -> (status, tree, diagnostics, text, owner)"},
    {"write_dir", py_write_dir, METH_VARARGS, "write_dir(tree, dir): the run's .npy files, gnuplot scripts, summary.json"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "engram._engram", "engram's C API, thinly bound (see the engram package)", -1,
    module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__engram(void)
{
    import_array();
    if (PyType_Ready(&ModelType) < 0 || PyType_Ready(&TreeType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    static const struct {
        const char *name;
        int value;
    } statuses[] = {
        {"OK", EG_API_OK},           {"EMODEL", EG_API_EMODEL}, {"ENUMERIC", EG_API_ENUMERIC},
        {"EIO", EG_API_EIO},         {"ENOMEM", EG_API_ENOMEM}, {"EINVAL", EG_API_EINVAL},
        {"ECANCELLED", EG_API_ECANCELLED},
    };
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (PyModule_AddIntConstant(m, statuses[i].name, statuses[i].value) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    return m;
}
