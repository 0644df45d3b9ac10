#!/usr/bin/python3
"""Writes the PsychRNN fixture of tests/unit/test_cell.c: a weights file with
the keys PsychRNN's RNN.save() writes (W_in, W_rec, W_out, b_rec, b_out,
init_state, dale_ratio: None pickles as an object array, as in PsychRNN's own
files), an input sequence, and the states of PsychRNN's Basic model stepped
from the zero state with rec_noise = 0:
    x' = (1 - alpha) x + alpha (relu(x) W_rec^T + u W_in^T + b_rec),
alpha = dt / tau = 0.2 here. Run from this folder: /usr/bin/python3 make_fixture.py."""
import numpy as np

rng = np.random.default_rng(11)
n_in, n_rec, n_out, steps, alpha = 3, 8, 2, 25, 0.2
weights = {
    "W_in": rng.normal(0, 1.0, (n_rec, n_in)),
    "W_rec": rng.normal(0, 1.5 / np.sqrt(n_rec), (n_rec, n_rec)),
    "W_out": rng.normal(0, 1.0, (n_out, n_rec)),
    "b_rec": rng.normal(0, 0.3, n_rec),
    "b_out": rng.normal(0, 0.3, n_out),
    "init_state": np.zeros((1, n_rec)),
    "dale_ratio": None,
}
np.savez("psychrnn.npz", **weights)
u = rng.normal(0, 1.0, (steps, n_in))
x = np.zeros(n_rec)
states = []
for t in range(steps):
    x = (1 - alpha) * x + alpha * (np.maximum(x, 0) @ weights["W_rec"].T + u[t] @ weights["W_in"].T + weights["b_rec"])
    states.append(x)
np.save("psychrnn_input.npy", u)
np.save("psychrnn_hidden.npy", np.array(states))
