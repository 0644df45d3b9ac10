"""Cancellation inside one long action: Ctrl-C (SIGINT from another thread)
and a progress callback's true return stop a capacity block between its
trials, well before its end, free what it built, and leave the package and
the model able to run again with the same numbers."""
import os
import signal
import threading
import time

import numpy as np
import pytest

import engram

from conftest import SOURCE

SEED = os.path.join(SOURCE, "models", "seed", "hopfield-64.engram")

# 400 trials at each of 16 loads, D = 1000, on one thread: about 10 s whole.
LONG = """param trials = 400
memories M { generate = random(count = 10, size = 1000); seed = 1 }
network hop { rule = hebb; store = M }
capacity c { network = hop; loads = 0.02 .. 0.32 step 0.02; trials = trials; cue = flip(0.0) }
"""


def small_run():
    """The same block with 2 trials: the numbers a cancelled run must not change."""
    c = engram.load(LONG, trials=2).run(threads=1)["c"]
    return {k: np.array(v) for k, v in c.items() if isinstance(v, np.ndarray)}


def assert_unharmed(before):
    # Seed 001, experiment 1 (its journal): Hamming distance 0.
    assert engram.load(SEED).run()["r1"].hamming == 0
    after = small_run()
    assert after.keys() == before.keys() and after
    for k in before:
        assert np.array_equal(before[k], after[k], equal_nan=True), k


def test_ctrl_c_stops_a_long_capacity_block():
    before = small_run()
    m = engram.load(LONG)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        m.run(threads=1)
    took = time.monotonic() - t0
    timer.join()
    assert 0.3 <= took < 1.3, took
    # Python's handler is back: Ctrl-C outside a run raises as always.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
        time.sleep(0.1)
    assert_unharmed(before)


def test_progress_cancel_stops_a_long_capacity_block():
    before = small_run()
    m = engram.load(LONG)
    seen = []
    t0 = time.monotonic()

    def stop_after(done, total, what):
        seen.append((done, total, what))
        return len(seen) == 3  # before the block, then its second heartbeat (0.4 s in)

    with pytest.raises(engram.Cancelled):
        m.run(threads=1, progress=stop_after)
    took = time.monotonic() - t0
    assert took < 1.3, took
    # Before the block, then its heartbeats (every 0.2 s): the second stopped it.
    assert seen == [(0, 1, "c")] * 3
    assert_unharmed(before)


def test_a_callback_exception_inside_an_action_is_raised():
    m = engram.load(LONG)
    t0 = time.monotonic()

    def fail(done, total, what):
        if time.monotonic() - t0 > 0.3:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        m.run(threads=1, progress=fail)
    assert time.monotonic() - t0 < 1.3


def test_ctrl_c_stops_runs_on_other_threads_too():
    # A run on a thread of its own: Ctrl-C reaches the main thread's run (which
    # raises) and, through the one flag, the other run (which is cancelled).
    m = engram.load(LONG)
    outcome = {}

    def other():
        try:
            m.run(threads=1)
            outcome["other"] = "finished"
        except engram.Cancelled:
            outcome["other"] = "cancelled"

    t = threading.Thread(target=other)
    t.start()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        m.run(threads=1)
    t.join()
    timer.join()
    assert time.monotonic() - t0 < 1.5
    assert outcome["other"] == "cancelled"
