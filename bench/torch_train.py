"""PyTorch peer for bench/train-throughput: the same MLP and CNN, tuned as docs/benchmarks.md says.

Run with OPENBLAS_CORETYPE=SkylakeX OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch_train.py
Prints one JSON object per line.
"""
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


class Lstm2(nn.Module):
    """bench/train-lstm: 2-layer LSTM (input 32, hidden 128) over 64 steps, linear head on the last state."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(32, 128, num_layers=2, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.rnn(x)[1][0][-1])


def bench(name, model, opt, shape, batch, steps):
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(20):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / steps
    print(json.dumps({"engine": "pytorch", "model": name, "torch": torch.__version__, "ms_per_step": ms, "samples_per_s": batch * 1000 / ms}), flush=True)


which = sys.argv[1] if len(sys.argv) > 1 else "all"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
if which in ("mlp", "all"):
    m = mlp()
    bench("mlp", m, torch.optim.Adam(m.parameters(), 1e-3), (784,), 128, steps)
if which == "lstm":
    m = Lstm2()
    bench("lstm", m, torch.optim.Adam(m.parameters(), 1e-3), (64, 32), 32, steps)
if which in ("cnn", "all"):
    m = cnn()
    bench("cnn", m, torch.optim.Adam(m.parameters(), 1e-3), (1, 28, 28), 64, max(50, steps // 3))
