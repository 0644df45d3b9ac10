"""The expanded Hebbian rule's field from its definition, by numpy: the oracle
of test_rules.c's factored field. Reads the file test_rules.c writes (D N,
the six coefficients c0 c1_pre c1_post c2_pre c2_post c2_corr, the scale s,
keep_self, the N episodes, then states and engram's fields, one pair per
line pair) and exits 0 when every field agrees to 1e-12 relative, 77 without
numpy."""
import sys

try:
    import numpy as np
except ImportError:
    sys.exit(77)

words = open(sys.argv[1]).read().split()
d, n = int(words[0]), int(words[1])
c0, c1_pre, c1_post, c2_pre, c2_post, c2_corr = map(float, words[2:8])
s, keep_self = float(words[8]), int(words[9])
vals = np.array(words[10:], dtype=float)
xi = vals[: n * d].reshape(n, d)
rest = vals[n * d:].reshape(-1, 2, d)
# W_ij = s Σ_μ (c0 + c1_pre x_j + c1_post x_i + c2_pre x_j² + c2_post x_i² + c2_corr x_i x_j),
# row i post-synaptic, column j pre-synaptic, summed episode by episode.
w = np.zeros((d, d))
for x in xi:
    post, pre = x[:, None], x[None, :]
    w += s * (c0 + c1_pre * pre + c1_post * post + c2_pre * pre**2 + c2_post * post**2 + c2_corr * post * pre)
if not keep_self:
    np.fill_diagonal(w, 0.0)
worst = 0.0
for sigma, h in rest:
    want = w @ sigma
    worst = max(worst, np.max(np.abs(h - want)) / max(np.max(np.abs(want)), 1e-300))
print(f"largest relative difference {worst:.3g}")
sys.exit(0 if worst < 1e-12 else 1)
