"""engram from Python: load a model, check it, run it in process.

    import engram
    m = engram.load("models/seed/hopfield-64.engram", seed=2)
    r = m.run()
    r["r1"].hamming, r["r1"].energy

See docs/python.md.
"""
import html
import os
import re
import threading

import numpy as np

from . import _engram
from ._results import Figure, Node, Results

__all__ = ["load", "check", "spectrum", "privileged", "fixed_points", "PrivilegedBasis", "Model", "Results", "Node",
           "Figure", "Diagnostic", "Error", "ModelError", "NumericError", "DataError", "ArgumentError", "Cancelled"]
__version__ = "0.1.0"


class Diagnostic:
    """One diagnostic: severity ("error", "warning", "note"), file, line, column, message, hint."""

    __slots__ = ("severity", "file", "line", "column", "message", "hint")

    def __init__(self, severity, file, line, column, message, hint):
        self.severity, self.file, self.line, self.column = severity, file, line, column
        self.message, self.hint = message, hint

    def __str__(self):
        where = self.file or "engram"
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.severity}: {self.message}"

    def __repr__(self):
        return f"Diagnostic({self.severity!r}, {self.file!r}, {self.line}, {self.column}, {self.message!r})"

    def _repr_html_(self):
        colour = {"error": "#b00", "warning": "#a60"}.get(self.severity, "#555")
        hint = f"<br><i>{html.escape(self.hint)}</i>" if self.hint else ""
        where = html.escape(str(self).split(f": {self.severity}: ")[0])
        return (f"<div><code>{where}</code>: <b style='color:{colour}'>{self.severity}</b>: "
                f"{html.escape(self.message)}{hint}</div>")


def _diagnostics(tuples):
    return [Diagnostic(*t) for t in tuples]


def _diagnostics_html(text):
    """GCC-style text (with its caret lines) for a notebook."""
    return f"<pre>{html.escape(text)}</pre>"


class Error(Exception):
    """An engram failure; .diagnostics holds the Diagnostic objects, str() the GCC-style text."""

    def __init__(self, text, diagnostics=()):
        super().__init__(text.rstrip("\n"))
        self.text = text
        self.diagnostics = list(diagnostics)

    def _repr_html_(self):
        return _diagnostics_html(self.text)


class ModelError(Error):
    """The model has errors (syntax, schemas, blocks that do not fit together)."""


class NumericError(Error):
    """A run failed numerically. .time and .unit say where a simulation diverged
    (None when unknown); .results holds the results so far when the run kept them."""

    def __init__(self, text, diagnostics=(), results=None):
        super().__init__(text, diagnostics)
        self.results = results
        self.time = self.unit = None
        m = re.search(r"at t = ([-+0-9.eEinfa]+)", text)
        if m:
            self.time = float(m.group(1))
        m = re.search(r"unit (\d+)", text)
        if m:
            self.unit = int(m.group(1))


class DataError(Error):
    """A file or an array the model loads is missing, malformed or of the wrong shape."""


class Cancelled(Error):
    """The progress callback asked the run to stop."""


class ArgumentError(Error, ValueError):
    """An array or argument handed to an analysis is wrong: a shape that does not
    fit, non-finite values, an unknown layout, a missing key, a malformed task."""


_ERRORS = {_engram.EMODEL: ModelError, _engram.ENUMERIC: NumericError, _engram.EIO: DataError,
           _engram.EINVAL: Error, _engram.ECANCELLED: Cancelled}


def _param_text(value):
    """A Python value as the engram expression an override takes."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(float(value)) if isinstance(value, (float, np.floating)) else str(int(value))
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_param_text(v) for v in value) + "]"
    return str(value)


def _as_array(name, value):
    """An array to hand to engram: float32 and float64 arrays as they are (any
    order, no copy); anything else converted to float64 (a copy)."""
    if hasattr(value, "detach") and not isinstance(value, np.ndarray):
        value = value.detach().cpu().numpy()  # a torch tensor: a view of its memory on the CPU
    a = value if isinstance(value, np.ndarray) else np.asarray(value)
    if a.dtype not in (np.float64, np.float32) or not a.dtype.isnative or not a.flags.aligned:
        a = np.asarray(a, dtype=np.float64)
    if a.ndim not in (1, 2):
        raise ArgumentError(f"array '{name}': expected 1 or 2 dimensions, found {a.ndim}")
    return a


class Model:
    """A loaded model: .check() its diagnostics, .run() it."""

    def __init__(self, handle, name, arrays):
        self._handle = handle
        self.name = name
        self._arrays = arrays

    @property
    def actions(self):
        """The names of the model's action blocks, in file order."""
        return self._handle.actions()

    def check(self):
        """The diagnostics of the load (warnings included) as Diagnostic objects;
        raises ModelError when the model has errors."""
        diags = _diagnostics(self._handle.diagnostics())
        if self._handle.status() != _engram.OK:
            raise _ERRORS.get(self._handle.status(), Error)(self._handle.diag_text(), diags)
        return diags

    def run(self, blocks=None, threads=None, arrays=None, progress=None):
        """Runs the model's actions (or only `blocks`) with `threads` workers (None:
        every core) and returns its Results. arrays: {name: array} served to
        load("name") on top of those given to load(). progress(done, total, what)
        is called before each action, again with the same arguments about every
        0.2 s while an action runs, and at the end; a true return cancels
        (Cancelled) inside the action. Ctrl-C stops the run inside an action too
        and raises KeyboardInterrupt."""
        if self._handle.status() != _engram.OK:
            self.check()
        if isinstance(blocks, str):
            blocks = [blocks]
        merged = self._arrays
        if arrays:
            merged = dict(merged)
            for k, v in arrays.items():
                merged[k] = _as_array(k, v)
        status, root, diags, text, owner = self._handle.run(
            None if blocks is None else list(blocks), int(threads or 0), list(merged.items()), progress,
            threading.current_thread() is threading.main_thread())
        results = Results(root, owner, self) if root is not None else None
        if status != _engram.OK:
            err = _ERRORS.get(status, Error)
            if err is NumericError:
                raise NumericError(text, _diagnostics(diags), results)
            raise err(text or f"engram: run failed ({status})", _diagnostics(diags))
        return results

    def _repr_html_(self):
        text = self._handle.diag_text()
        acts = ", ".join(self.actions)
        body = f"<b>engram model</b> {html.escape(self.name)}: actions {html.escape(acts)}"
        return body + (_diagnostics_html(text) if text else "")

    def __repr__(self):
        return f"<engram.Model {self.name!r} actions={self.actions}>"


def _looks_like_text(source):
    if isinstance(source, os.PathLike):
        return False
    return "\n" in source or ("{" in source and not os.path.exists(source))


def _open(source, name, params, arrays):
    pairs = [(k, _param_text(v)) for k, v in params.items()]
    held = {k: _as_array(k, v) for k, v in (arrays or {}).items()}
    if _looks_like_text(source):
        handle = _engram.load(name or "<text>", source, pairs)
        return Model(handle, name or "<text>", held)
    handle = _engram.load(os.fspath(source), None, pairs)
    return Model(handle, os.fspath(source), held)


def load(source, *, name=None, arrays=None, **params):
    """Loads a model from a file path or from model text (with a newline or a
    block in it), with params as keywords (seed=2, rule="hebb", sizes=[1, 2]).
    arrays: {name: array} that load("name") reads instead of the file. Raises
    ModelError (its text GCC-style, its .diagnostics the objects) when the
    model has errors, DataError when the file cannot be read."""
    m = _open(source, name, params, arrays)
    m.check()
    return m


def _analysis(status, root, diags, text, owner):
    """The tree of an analysis without a model, or its failure raised."""
    if status != _engram.OK:
        err = {_engram.EINVAL: ArgumentError}.get(status) or _ERRORS.get(status, Error)
        raise err(text or f"engram: analysis failed ({status})", _diagnostics(diags))
    return root, owner


class PrivilegedBasis:
    """The privileged basis of input weights W_ih over `steps` steps, waiting for
    the W it is built with: spectrum(W, basis=...) builds it from its own W (as
    `engram spectrum --input U --steps S` does); .of(W) gives the array."""

    def __init__(self, W_ih, steps):
        self.W_ih = _as_array("W_ih", W_ih)
        self.steps = _steps(steps)

    def of(self, W):
        """Ψ (n × steps·d) for the weights W (n × n), as a numpy array."""
        return privileged(self.W_ih, self.steps, W=W)

    def __repr__(self):
        return f"<engram.PrivilegedBasis {self.W_ih.shape[0]} × {self.steps * self.W_ih.shape[-1]}, steps={self.steps}>"


def _steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ArgumentError(f"steps must be a whole number >= 1, not {steps!r}")
    return int(steps)


def privileged(W_ih, steps, *, W=None):
    """The privileged basis of the Episodic Memory Theory for input weights W_ih
    (n × d) over `steps` steps: Ψ = [W^(s-1) W_ih, ..., W W_ih, W_ih], each column
    scaled to unit norm (n × steps·d), as engram's `basis = privileged(...)` and
    `engram spectrum --input U --steps S` build it. With W, the numpy array;
    without, a PrivilegedBasis that spectrum(W, basis=...) builds from its W."""
    if W is None:
        return PrivilegedBasis(W_ih, steps)
    root, owner = _analysis(*_engram.privileged(_as_array("W", W), _as_array("W_ih", W_ih), _steps(steps)))
    return np.array(root["basis"])  # its own memory: the tree it came from goes


def spectrum(W, basis=None, compare=None, *, rank_threshold=None, angle_threshold=None, vectors=False):
    """The spectrum of the square matrix W as `engram spectrum W --json` reports
    it: eigenvalues (rows Re, Im), singular_values, radius, condition, rank, ...;
    with a basis (an array of columns Ψ, or privileged(W_ih, steps)), its memory
    reading under "basis" (phi, residual, ...); with compare (a task such as
    "repeat_copy(8, 8)"), the eigenvalue-angle comparison under "comparison".
    A C-ordered float64 W is read in place, without a copy. Raises
    ArgumentError (a ValueError) for arrays or a task that do not fit."""
    w = _as_array("W", W)
    b = u = None
    steps = 0
    if isinstance(basis, PrivilegedBasis):
        u, steps = basis.W_ih, basis.steps
    elif basis is not None:
        b = _as_array("basis", basis)
    if compare is not None and not isinstance(compare, str):
        raise ArgumentError(f"compare takes a task written as text, such as 'repeat_copy(8, 8)', not {compare!r}")
    root, owner = _analysis(*_engram.spectrum(w, b, u, steps, compare, float(rank_threshold or 0),
                                              float(angle_threshold or 0), bool(vectors)))
    return Node(root, owner)["results"][0]


def _state_dict(weights):
    """A dict of arrays (numpy, PyTorch tensors, lists) as (key, float array) pairs:
    entries that are not numbers (a pickled None, a string) are left out, as no
    layout reads them; 0-d values become one-element vectors."""
    pairs = []
    for key, value in weights.items():
        if value is None or isinstance(value, str):
            continue
        if hasattr(value, "detach") and not isinstance(value, np.ndarray):
            value = value.detach().cpu().numpy()
        try:
            a = np.asarray(value)
            if a.dtype not in (np.float64, np.float32) or not a.dtype.isnative or not a.flags.aligned:
                a = np.asarray(a, dtype=np.float64)
        except (TypeError, ValueError):
            continue
        if a.ndim == 0:
            a = a.reshape(1)
        if a.ndim <= 2:
            pairs.append((str(key), a))
    return pairs


def _weights_source(weights):
    """(path, pairs) for fixed_points: a file of named arrays, or a dict's arrays."""
    if isinstance(weights, dict):
        return None, _state_dict(weights)
    if hasattr(weights, "state_dict") and callable(weights.state_dict):
        return None, _state_dict(weights.state_dict())  # a PyTorch module
    path = os.fspath(weights)
    if path.lower().endswith(".npy"):
        try:
            held = np.load(path, allow_pickle=False)
        except ValueError:
            raise ArgumentError(f"{path}: holds pickled objects, which engram does not unpickle; pass the dict "
                                "(numpy.load(path, allow_pickle=True).item() for a file you trust)") from None
        raise ArgumentError(f"{path}: a .npy file holds one array ({held.shape}); a cell's weights are named "
                            "arrays: an .npz, a .safetensors file or a dict")
    return path, []


def _fixed_point_shapes(root):
    """Each point's matrices in their shapes (a single column reads as a vector in the tree)."""
    m = len(root["input"])
    for p in root["points"]:
        n = len(p["state"])
        p["eigenvalues"] = np.reshape(p["eigenvalues"], (n, 2))
        p["jacobian"] = np.reshape(p["jacobian"], (n, n))
        p["input_jacobian"] = np.reshape(p["input_jacobian"], (n, m))
        p["state"] = np.reshape(p["state"], (n,))
        if "in_basis" in p:
            k = np.size(p["in_basis"])
            p["in_basis"] = np.reshape(p["in_basis"], (k,))
            p["jacobian_in_basis"] = np.reshape(p["jacobian_in_basis"], (k, k))
    root["input"] = np.reshape(np.asarray(root["input"], dtype=float), (m,))
    return root


def fixed_points(weights, layout=None, *, inputs=None, starts=256, steps=1000, seed=1, jitter=0.0, q_tol=1e-12,
                 prefix="", alpha=None, basis=None):
    """The fixed points of a trained recurrent cell h' = F(h, u*) as `engram
    fixed-points FILE --layout L --json` reports them. weights: a file (.npz,
    .safetensors), a dict of arrays keyed as the layout names them (a PyTorch
    state_dict, tensors or .numpy() arrays) or a module with .state_dict().
    layout: "pytorch-rnn", "pytorch-gru", ... (engram help layouts), or None to
    tell it from the keys: PyTorch's weight_hh_l0 of H, 3H or 4H rows (for H
    columns) is an nn.RNN, a GRU or an LSTM, PsychRNN's W_rec its Basic model,
    under whatever prefix the keys share ("rnn."). An nn.RNN's tanh and relu
    keep the same weights: without a layout it is taken as tanh; pass
    layout="pytorch-rnn-relu" for relu. The result's .layout says which was
    used. prefix: the keys' prefix ("rnn."; found when layout is None);
    inputs: the constant input u* (zeros when None);
    starts: the number of searches, or an array of start states (one per row);
    basis: memories (one per column) to read the points in. The result has
    count, stable, starts, converged, ... and points, each with q, class,
    unstable, state, eigenvalues (rows Re, Im), jacobian and input_jacobian.
    Raises ArgumentError (a ValueError) for an unknown layout, keys that show
    no layout (the message lists those engram reads) or several cells, a
    missing key, shapes that do not fit; DataError for a file that cannot be
    read."""
    path, pairs = _weights_source(weights)
    u = None if inputs is None else np.ascontiguousarray(np.asarray(inputs, dtype=np.float64).reshape(-1))
    given = None
    if isinstance(starts, (int, np.integer)) and not isinstance(starts, bool):
        count = int(starts)
        if count < 1:
            raise ArgumentError(f"starts must be at least 1, not {count}")
    else:
        given, count = _as_array("starts", starts), 0
    if steps < 1 or seed < 0:
        raise ArgumentError(f"steps must be at least 1 and seed at least 0 (got {steps}, {seed})")
    b = None if basis is None else _as_array("basis", basis)
    root, owner = _analysis(*_engram.fixed_points(path, pairs, None if layout is None else str(layout), prefix or None, u, float(alpha or 0),
                                                  count, int(steps), int(seed), float(jitter), float(q_tol),
                                                  given, b))
    return Node(_fixed_point_shapes(root), owner)


def check(source, *, name=None, **params):
    """The diagnostics of a model (errors included), without raising."""
    m = _open(source, name, params, None)
    return _diagnostics(m._handle.diagnostics())
