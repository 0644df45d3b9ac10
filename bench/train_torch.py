"""PyTorch reference for bench/bench_train.c: BPTT training steps per second on repeat copy.

The network and recipe are engram's `train` block (docs/spectra-and-emt.md):
a tanh RNN without bias (nn.RNN, input weights W_uh, recurrent W), a linear
readout W_r without bias, the loss the mean squared error over the output
phase (steps t >= s), Adam (lr 1e-3, betas (0.9, 0.999), eps 1e-8) and the
gradient norm clipped to 1 over every parameter. Each horizon runs WARMUP
untimed steps, then STEPS timed ones (forward, backward, clipping, Adam); the
batches are drawn before the clock starts. Like bench_train, each line ends
with the batch loss and sign accuracy averaged over the last 10 steps.

usage: train_torch.py STEPS WARMUP HIDDEN BATCH THREADS DTYPE HORIZON...
(DTYPE: float32, PyTorch's default, or float64, engram's precision)
"""
import sys
import time

try:
    import torch
except ImportError:
    print("torch missing: install python3-torch (Debian) to run the PyTorch side", file=sys.stderr)
    sys.exit(3)

S = D = 8  # repeat copy with s = d = 8


class Net(torch.nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.rnn = torch.nn.RNN(D, hidden, nonlinearity="tanh", bias=False)
        self.readout = torch.nn.Linear(hidden, D, bias=False)

    def forward(self, u):
        h, _ = self.rnn(u)  # u: T × B × d, time-major like engram's batches
        return self.readout(h)


def batches(count, horizon, batch, dtype, gen):
    """count batches of repeat copy: s random ±1 steps, then zeros; the target
    is zero during the input and the input block tiled over the horizon."""
    T = S + horizon
    out = []
    for _ in range(count):
        x = torch.randint(0, 2, (S, batch, D), generator=gen).to(dtype) * 2 - 1
        u = torch.zeros(T, batch, D, dtype=dtype)
        u[:S] = x
        reps = (horizon + S - 1) // S
        y = torch.zeros(T, batch, D, dtype=dtype)
        y[S:] = x.repeat(reps, 1, 1)[:horizon]
        out.append((u, y))
    return out


def main(argv):
    if len(argv) < 8:
        print(__doc__, file=sys.stderr)
        return 2
    steps, warmup, hidden, batch, threads = (int(a) for a in argv[1:6])
    dtype = {"float32": torch.float32, "float64": torch.float64}[argv[6]]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    for horizon in (int(a) for a in argv[7:]):
        net = Net(hidden).to(dtype)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
        data = batches(warmup + steps, horizon, batch, dtype, gen)
        losses, accs = [], []

        def step(u, y):
            opt.zero_grad()
            o = net(u)
            loss = ((o[S:] - y[S:]) ** 2).mean()
            accs.append(((o[S:] > 0) & (y[S:] > 0) | (o[S:] < 0) & (y[S:] < 0)).to(torch.float64).mean().item())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            return loss

        for u, y in data[:warmup]:
            losses.append(step(u, y).item())
        start, cpu_start = time.perf_counter(), time.process_time()
        for u, y in data[warmup:]:
            losses.append(step(u, y).item())
        secs, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        print(f"torch horizon={horizon} steps={steps} seconds={secs:.4f} steps_per_second={steps / secs:.3f} "
              f"cpu_seconds={cpu:.4f} loss_first={losses[0]:.6f} loss_last={losses[-1]:.9f} "
              f"loss_tail={sum(losses[-10:]) / len(losses[-10:]):.6f} "
              f"accuracy_tail={sum(accs[-10:]) / len(accs[-10:]):.4f} dtype={argv[6]} "
              f"threads={threads} version={torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
