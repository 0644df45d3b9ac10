#!/usr/bin/python3
"""Writes the PyTorch fixtures of tests/unit/test_cell.c with PyTorch itself
(Debian's python3-torch): small nn.RNN (tanh, relu), nn.GRU and nn.LSTM modules with seeded
random weights, saved as a state dict through numpy.savez under the module's
prefix ("rnn."), with an input sequence and the hidden states PyTorch
computed for it. Run from this folder: /usr/bin/python3 make_fixtures.py."""
import numpy as np
import torch


class Net(torch.nn.Module):
    def __init__(self, make):
        super().__init__()
        self.rnn = make()
        self.readout = torch.nn.Linear(8, 2, dtype=torch.float64)


cells = {
    "rnn_tanh": lambda: torch.nn.RNN(3, 8, nonlinearity="tanh", batch_first=True, dtype=torch.float64),
    "rnn_relu": lambda: torch.nn.RNN(3, 8, nonlinearity="relu", batch_first=True, dtype=torch.float64),
    "gru": lambda: torch.nn.GRU(3, 8, batch_first=True, dtype=torch.float64),
    "lstm": lambda: torch.nn.LSTM(3, 8, batch_first=True, dtype=torch.float64),
}
for name, make in cells.items():
    torch.manual_seed(7)
    net = Net(make)
    with torch.no_grad():
        for p in net.rnn.parameters():  # larger than the default init, so the states are far from linear
            p.mul_(2.5)
    u = torch.randn(1, 20, 3, dtype=torch.float64)
    with torch.no_grad():
        h, _ = net.rnn(u)
    state = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    np.savez(f"{name}.npz", **state)
    np.save(f"{name}_input.npy", u[0].numpy())
    np.save(f"{name}_hidden.npy", h[0].numpy())

# Broken saves, for the layout's messages: weight_ih_l0 transposed, and a
# two-layer network (engram reads one layer).
torch.manual_seed(8)
rnn = torch.nn.RNN(3, 8, dtype=torch.float64)
state = {k: v.detach().numpy() for k, v in rnn.state_dict().items()}
state["weight_ih_l0"] = state["weight_ih_l0"].T.copy()
np.savez("transposed.npz", **state)
rnn = torch.nn.RNN(3, 8, num_layers=2, dtype=torch.float64)
np.savez("two_layers.npz", **{k: v.detach().numpy() for k, v in rnn.state_dict().items()})
