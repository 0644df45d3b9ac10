"""The result tree of a run as Python objects: every scalar, string, table
and array the JSON and .npy outputs hold, by the same names."""
import html
import os
import shutil
import subprocess
import tempfile

import numpy as np

from . import _engram


def _wrap(value, owner):
    if isinstance(value, dict):
        if value.get("__figure__"):
            return Figure(value, owner)
        return Node(value, owner)
    if isinstance(value, list):
        return [_wrap(v, owner) for v in value]
    return value


def _plain(value):
    """A value as plain Python (dicts, lists, numbers, numpy arrays)."""
    if isinstance(value, Node):
        return {k: _plain(value[k]) for k in value.keys()}
    if isinstance(value, Figure):
        return dict(value._data)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _cell(value):
    if isinstance(value, np.ndarray):
        if value.size <= 8:
            return html.escape(np.array2string(value, precision=4))
        return f"array {html.escape(str(value.shape))} {value.dtype}"
    if isinstance(value, Node):
        return html.escape("{" + ", ".join(value.keys()) + "}")
    if isinstance(value, list):
        return f"{len(value)} items"
    if isinstance(value, float):
        return f"{value:.6g}"
    return html.escape(str(value))


class Node:
    """An object of the tree: members by attribute (r.hamming) or item (r["hamming"])."""

    def __init__(self, data, owner):
        # Members are wrapped when first read: a run's tree is mostly never looked at.
        self._raw = data
        self._owner = owner
        self._wrapped = {}

    def _member(self, key):
        try:
            return self._wrapped[key]
        except KeyError:
            pass
        value = _wrap(self._raw[key], self._owner)
        if key == "figures" and "block" in self._raw:
            # The output names a figure's script after its block ("r1.energy.gp").
            for f in value:
                if isinstance(f, Figure):
                    f._file = f"{self._raw['block']}.{f._data['name']}"
        self._wrapped[key] = value
        return value

    @property
    def _data(self):
        return {k: self._member(k) for k in self._raw}

    def __getitem__(self, key):
        return self._member(key)

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._member(key)
        except KeyError:
            raise AttributeError(f"no member '{key}' (members: {', '.join(self._raw)})") from None

    def __contains__(self, key):
        return key in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)

    def __dir__(self):
        return list(self._raw) + ["keys", "items", "get", "to_dict"]

    def keys(self):
        return self._raw.keys()

    def items(self):
        return self._data.items()

    def get(self, key, default=None):
        return self._member(key) if key in self._raw else default

    def to_dict(self):
        """Plain dicts, lists, numbers and numpy arrays."""
        return _plain(self)

    def _repr_html_(self):
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{_cell(v)}</td></tr>"
                       for k, v in self.items() if k not in ("figures", "text"))
        title = html.escape(str(self._raw.get("text", "")))
        figs = "".join(f._svg_or_empty() for f in self.get("figures", []) if isinstance(f, Figure))
        return f"<div><p>{title}</p><table>{rows}</table>{figs}</div>"

    def __repr__(self):
        return f"<engram result {{{', '.join(self._raw)}}}>"


class Results(Node):
    """A run's tree: "engram", "model", "results" (one per action), "params";
    r["block"] is the result of that action block (or of a sweep point's)."""

    def __init__(self, data, owner, model):
        super().__init__(data, owner)
        self._model = model

    def __getitem__(self, key):
        if isinstance(key, str) and key not in self._raw:
            for r in self.get("results", []):
                if r.get("block") == key:
                    return r
        return self._member(key)

    def blocks(self):
        return [r["block"] for r in self._raw.get("results", [])]

    def write(self, directory):
        """Writes the run as `engram run -o directory` does (.npy, gnuplot scripts, summary.json)."""
        _engram.write_dir(self._owner, os.fspath(directory))

    def _repr_html_(self):
        parts = [f"<p><b>engram</b> {html.escape(str(self._raw.get('model', '')))}</p>"]
        for r in self.get("results", []):
            parts.append(r._repr_html_())
        if "points" in self._raw:
            parts.append(f"<p>{len(self._raw['points'])} sweep points</p>")
        return "".join(parts)


class Figure:
    """A figure intent: name, title, axis labels, series (the arrays they draw).
    In a notebook it shows as SVG drawn by gnuplot, where gnuplot is installed."""

    def __init__(self, data, owner):
        self._data = data
        self._owner = owner
        self._file = data.get("name")

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._data[key]
        except KeyError:
            raise AttributeError(key) from None

    def __repr__(self):
        return f"<engram figure {self._data.get('name')!r}: {self._data.get('title')!r}>"

    def svg(self):
        """The figure as SVG text, drawn by gnuplot from the run's files."""
        gnuplot = shutil.which("gnuplot")
        if not gnuplot:
            raise RuntimeError("drawing figures needs gnuplot (apt-get install gnuplot-nox)")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "run")
            _engram.write_dir(self._owner, out)
            script = os.path.join(out, self._file + ".gp")
            if not os.path.exists(script):
                raise RuntimeError(f"no script for figure {self._file}")
            with open(script, encoding="utf-8") as f:
                body = f.read()
            # The terminal `engram plot` draws its SVGs with, written to stdout.
            text = "set terminal svg size 900,560 dynamic background rgb 'white'\nset output\n" + body
            res = subprocess.run([gnuplot], input=text, cwd=out, capture_output=True, text=True, check=False)
            if res.returncode != 0 or "<svg" not in res.stdout:
                raise RuntimeError(f"gnuplot failed: {res.stderr.strip()}")
            return res.stdout[res.stdout.index("<svg"):]

    def _svg_or_empty(self):
        try:
            return self.svg()
        except (RuntimeError, OSError):
            return ""

    def _repr_svg_(self):
        return self._svg_or_empty() or None
