#!/usr/bin/python3
"""Writes the PyTorch fixtures of tests/unit/test_cell.c with PyTorch itself
(Debian's python3-torch): small nn.RNN modules (tanh and relu) with seeded
random weights, saved as a state dict through numpy.savez under the module's
prefix ("rnn."), with an input sequence and the hidden states PyTorch
computed for it. Run from this folder: /usr/bin/python3 make_fixtures.py."""
import numpy as np
import torch


class Net(torch.nn.Module):
    def __init__(self, nonlinearity):
        super().__init__()
        self.rnn = torch.nn.RNN(3, 8, nonlinearity=nonlinearity, batch_first=True, dtype=torch.float64)
        self.readout = torch.nn.Linear(8, 2, dtype=torch.float64)


for name, nonlinearity in [("rnn_tanh", "tanh"), ("rnn_relu", "relu")]:
    torch.manual_seed(7)
    net = Net(nonlinearity)
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
