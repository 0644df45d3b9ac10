"""The package's contract and its paths: results by name, arrays in equal to
files in (any order, float32, torch), errors as exceptions, cancellation,
Ctrl-C, the GIL released while engram works."""
import os
import shutil
import signal
import threading
import time

import numpy as np
import pytest

import engram

from conftest import SOURCE

SEED = os.path.join(SOURCE, "models", "seed", "hopfield-64.engram")
TRAINED = os.path.join(SOURCE, "models", "emt", "trained-weights.engram")
AUTAPSE = os.path.join(SOURCE, "models", "dynamics", "saturating-autapse.engram")


def test_contract():
    # Seed 001, experiment 1 (its journal): Hamming distance 0 in 2 steps.
    r = engram.load(SEED).run()
    assert r["r1"].hamming == 0
    assert r["r1"]["steps"] == 2
    assert r["r1"].converged is True
    assert r.blocks() == ["r1"]


def test_values_are_python_and_numpy():
    r = engram.load(SEED, seed=2).run()["r1"]
    assert isinstance(r.hamming, int) and isinstance(r.energy_final, float) and isinstance(r.outcome, str)
    assert r.state.shape == (64,) and r.state.dtype == np.float64
    assert set(np.unique(r.state)) <= {-1.0, 1.0}
    # The energy trace is a view of the run's own data, not a copy; read-only.
    assert r.energy.base is not None and not r.energy.flags.writeable
    assert r.energy[0] == r.energy_initial and r.energy[-1] == r.energy_final
    with pytest.raises(AttributeError):
        r.no_such_key


def test_params_as_keywords():
    r = engram.load(SEED, seed=2).run()
    assert r.params.seed == 2


def test_a_path_object():
    import pathlib
    assert engram.load(pathlib.Path(SEED)).run()["r1"].hamming == 0


def test_model_text_and_check():
    text = "memories M { generate = random(count = 3, size = 16); seed = 1 }\n" \
           "network hop { units = 16; state = bipolar; rule = hebb; store = M }\n" \
           "recall r { network = hop; cue = M[1]; steps = 10; report = [hamming(M[1])] }\n"
    m = engram.load(text)
    assert m.check() == []
    assert m.actions == ["r"]
    assert m.run()["r"].hamming == 0


def test_model_error_is_gcc_style_with_diagnostics():
    text = "memories M { generate = random(count = 5, size = 8) }\n" \
           "memories M { generate = random(count = 3, size = 8) }\n"
    with pytest.raises(engram.ModelError) as e:
        engram.load(text, name="dup.engram")
    assert str(e.value).startswith("dup.engram:2:1: error: 'M' is already defined\n")
    assert "      | ^" in str(e.value)
    d = e.value.diagnostics[0]
    assert (d.severity, d.file, d.line, d.column) == ("error", "dup.engram", 2, 1)
    assert d.message == "'M' is already defined" and d.hint == "'M' was first defined here"
    assert "<pre>" in e.value._repr_html_()
    assert "already defined" in d._repr_html_() and "first defined here" in d._repr_html_()
    diags = engram.check(text, name="dup.engram")
    assert [x.severity for x in diags] == ["error", "note"]


def test_unknown_param_and_missing_file():
    with pytest.raises(engram.ModelError):
        engram.load(SEED, seeed=2)
    with pytest.raises(engram.DataError):
        engram.load(os.path.join(SOURCE, "no-such-model.engram"))


def _trained_arrays(transform):
    data = os.path.join(SOURCE, "models", "emt", "data")
    return {f"data/small.{k}.npy": transform(np.load(os.path.join(data, f"small.{k}.npy")))
            for k in ("W_hh", "W_uh", "W_r")}


def _numbers(results):
    spec = results["spectrum_1"]
    ev = results["evaluate_1"]
    return spec.radius, spec.frobenius, ev.accuracy, np.asarray(spec.eigenvalues)


def test_arrays_in_equal_files_in(tmp_path):
    # The model text alone, away from its data folder: only the arrays can serve load().
    with open(TRAINED, encoding="utf-8") as f:
        text = f.read()
    from_files = _numbers(engram.load(TRAINED).run(threads=1))
    for transform in (lambda a: a, np.asfortranarray, lambda a: np.asfortranarray(a)[:, :]):
        got = _numbers(engram.load(text, name=str(tmp_path / "t.engram"), arrays=_trained_arrays(transform))
                       .run(threads=1))
        assert got[:3] == from_files[:3]
        assert np.array_equal(got[3], from_files[3])
    # A strided view (every other row of a larger array) is read in place.
    big = {k: np.repeat(v, 2, axis=0)[::2] for k, v in _trained_arrays(lambda a: a).items()}
    got = _numbers(engram.load(text, name=str(tmp_path / "t.engram"), arrays=big).run(threads=1))
    assert got[:3] == from_files[:3]


def test_episodes_from_arrays_equal_files(tmp_path):
    text = 'memories E { generate = load("data/episodes.npy") }\n' \
           'network n { store = E; rule = projection }\n' \
           'recall r { network = n; cue = flip(E[3], bits = 2, seed = 1); report = [hamming(E[3]), overlaps(E), state] }\n'
    here = engram.load(text, name=os.path.join(SOURCE, "models", "memory", "x.engram")).run()["r"]
    episodes = np.load(os.path.join(SOURCE, "models", "memory", "data", "episodes.npy"))
    away = engram.load(text, name=str(tmp_path / "x.engram"),
                       arrays={"data/episodes.npy": np.asfortranarray(episodes).astype(np.float32)}).run()["r"]
    assert away.hamming == here.hamming and away.cue_hamming == here.cue_hamming == 2
    assert np.array_equal(away.state, here.state) and np.array_equal(away.overlaps, here.overlaps)


def test_float32_arrays_are_widened(tmp_path):
    w = np.array([[2.0, 1.0], [0.0, 3.0]], dtype=np.float32)
    m = engram.load('analyze spectrum { matrix = load("W.npy") }\n', name=str(tmp_path / "s.engram"),
                    arrays={"W.npy": np.asfortranarray(w)})
    s = m.run()["spectrum_1"]
    assert abs(s.radius - 3.0) < 1e-12 and abs(s.frobenius - np.sqrt(14.0)) < 1e-12


def test_torch_tensors_in(tmp_path):
    torch = pytest.importorskip("torch")
    w = torch.tensor([[2.0, 1.0], [0.0, 3.0]], dtype=torch.float64)
    s = engram.load('analyze spectrum { matrix = load("W.npy") }\n', name=str(tmp_path / "s.engram"),
                    arrays={"W.npy": w.T.T}).run()["spectrum_1"]
    assert abs(s.radius - 3.0) < 1e-12


NET = "network n {{ units = 2; state = rate; weights = load(\"W.npy\"); activation = tanh }}\n" \
      "simulate s {{ network = n; time = 0 .. 1; init = [1, 0] }}\n"


def test_wrong_shape_and_non_finite_arrays(tmp_path):
    m = engram.load(NET.format(), name=str(tmp_path / "n.engram"))
    with pytest.raises(engram.DataError, match="weights are 3 × 3 but the network has 2 units"):
        m.run(arrays={"W.npy": np.eye(3)})
    with pytest.raises(engram.DataError, match=r"W.npy holds a non-finite value at \[0\]\[1\]"):
        m.run(arrays={"W.npy": np.array([[0.0, np.nan], [1.0, 0.0]])})
    with pytest.raises(ValueError, match="expected 1 or 2 dimensions"):
        m.run(arrays={"W.npy": np.zeros((2, 2, 2))})


def test_numeric_error_says_when_and_where():
    # x' = 2x from 1: x = e^{2t} passes 10^6 at t = 6.9, caught at the record at t = 7.
    text = "network lin { units = 1; state = rate; weights = [[3]]; activation = linear }\n" \
           "simulate s { network = lin; time = 0 .. 100; init = [1]; record = every(1) }\n"
    with pytest.raises(engram.NumericError) as e:
        engram.load(text).run()
    assert e.value.time == 7.0 and e.value.unit == 0
    assert e.value.results["s"].complete is False
    assert f"reached {np.exp(14.0):g}" in str(e.value)


def test_selected_blocks_and_progress():
    m = engram.load(AUTAPSE)
    assert m.run(blocks=["down"]).blocks() == ["down"]
    seen = []
    m.run(progress=lambda done, total, what: seen.append((done, total, what)))
    assert seen == [(0, 3, "fixed_points_1"), (1, 3, "up"), (2, 3, "down"), (3, 3, None)]
    with pytest.raises(engram.Error, match="no action block named 'sideways'"):
        m.run(blocks="sideways")


def test_cancellation():
    m = engram.load(AUTAPSE)
    with pytest.raises(engram.Cancelled):
        m.run(progress=lambda done, total, what: done == 1)
    # The model is unharmed and runs again.
    assert len(m.run().blocks()) == 3


def test_ctrl_c_raises_keyboard_interrupt():
    m = engram.load(AUTAPSE)

    def interrupt(done, total, what):
        if done == 1:
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        m.run(progress=interrupt)
    assert len(m.run().blocks()) == 3


def test_the_gil_is_released_while_engram_runs():
    m = engram.load(os.path.join(SOURCE, "models", "memory", "recall-trials.engram"))
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.01)
    start = time.perf_counter()
    m.run(threads=1)
    end = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    # The other thread kept ticking (every millisecond or so) while the run,
    # a quarter of a second on one core, held no GIL; holding it, the thread
    # would not have ticked once.
    assert end - start > 0.05
    assert len(during) >= 10


def test_repr_html_and_figures(tmp_path):
    r = engram.load(SEED).run()
    assert "hamming" in r._repr_html_()
    fig = r["r1"].figures[0]
    assert fig.name == "energy" and fig.series[0]["data"] == "energy"
    r.write(tmp_path / "out")
    assert (tmp_path / "out" / "r1.energy.npy").exists()
    assert np.array_equal(np.load(tmp_path / "out" / "r1.energy.npy").ravel(), r["r1"].energy)
    if shutil.which("gnuplot"):
        assert fig.svg().startswith("<svg")


def test_nothing_is_printed(capfd):
    engram.load(SEED).run()
    engram.check("network x { unitz = 3 }\n")
    with pytest.raises(engram.NumericError):
        engram.load("network lin { units = 1; state = rate; weights = [[3]]; activation = linear }\n"
                    "simulate s { network = lin; time = 0 .. 100; init = [1] }\n").run()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_one_model_from_several_threads():
    m = engram.load(os.path.join(SOURCE, "models", "memory", "recall-trials.engram"))
    expect = m.run(threads=1).to_dict()
    got = [None] * 4

    def work(i):
        got[i] = m.run(threads=1).to_dict()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for g in got:
        for a, b in zip(g["results"], expect["results"]):
            for k in b:
                if isinstance(b[k], np.ndarray):
                    assert np.array_equal(a[k], b[k])
                elif k not in ("figures", "seconds"):
                    assert a[k] == b[k], k


def test_sweep_points_report_progress_and_cancel():
    m = engram.load(os.path.join(SOURCE, "models", "sweep", "recall-load.engram"))
    seen = []
    r = m.run(progress=lambda done, total, what: seen.append((done, total, what)))
    n = len(r.points)
    assert n > 1
    assert seen == [(i, n, f"point {i}") for i in range(n)] + [(n, n, None)]
    with pytest.raises(engram.Cancelled):
        m.run(progress=lambda done, total, what: done == 1)


def test_spectrum_of_an_array_against_numpy():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((12, 12)) / np.sqrt(12)
    s = engram.spectrum(np.asfortranarray(w))
    lam = s.eigenvalues[:, 0] + 1j * s.eigenvalues[:, 1]
    expect = np.linalg.eigvals(w)
    assert np.allclose(np.sort_complex(lam), np.sort_complex(expect), atol=1e-12)
    assert abs(s.radius - np.abs(expect).max()) < 1e-12
    assert np.allclose(np.sort(s.singular_values), np.sort(np.linalg.svd(w, compute_uv=False)), atol=1e-12)


@pytest.mark.parametrize("args, least, most", [(["--rnn", "2000", "C"], 0.0, 0.6), (["--rnn", "2000", "F"], 0.9, 1.6),
                                               (["--episodes", "20000", "200", "C"], 0.9, 1.5),
                                               (["--episodes", "20000", "200", "F"], 1.9, 2.5)])
def test_arrays_are_read_in_place(args, least, most):
    # Peak RSS growth of the run, in matrices (bench/python_overhead.py, a
    # process of its own so that no earlier peak hides it): a C-order float64
    # RNN's weights cost nothing beyond the evaluation's working memory, C-order
    # episodes only the episode set's own copy; Fortran order one copy more.
    # A fixed mmap threshold keeps glibc from serving the run's matrices from
    # memory that earlier temporaries left resident (which hides them).
    import subprocess
    import sys
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="65536")
    out = subprocess.run([sys.executable, os.path.join(SOURCE, "bench", "python_overhead.py"), *args],
                         capture_output=True, text=True, check=True, env=env).stdout
    growth = float(out.split("growth_in_matrices=")[1].split()[0])
    assert least <= growth < most, out
