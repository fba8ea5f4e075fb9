"""PyTorch peer for bench/train-throughput (MLP, CNN), bench/train-lstm and bench/train-architectures
(ResNet-18 on 32x32, 2-layer transformer encoder, 2-layer LSTM), tuned as docs/benchmarks.md says.

Run with OPENBLAS_CORETYPE=SkylakeX OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch_train.py
Prints one JSON object per line. `serve` mode reads "MODEL STEPS" lines on stdin and answers each
with one JSON line (first call per model: 3 untimed warmup steps), so a benchmark can interleave
Keel and PyTorch blocks in one run without paying torch's import each time.
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


class Encoder2(nn.Module):
    """bench/train-architectures: tokens (vocab 1000) -> Embedding(128) -> 2 x TransformerEncoderLayer
    (128, 4 heads, ff 512, ReLU, post-norm, dropout 0, batch-first) -> mean over the 64 tokens -> Linear(10)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 128)
        layer = nn.TransformerEncoderLayer(128, 4, 512, dropout=0.0, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.enc(self.embed(x)).mean(1))


def resnet18():
    import torchvision
    return torchvision.models.resnet18(num_classes=10)


# name -> (model factory, input maker, batch)
ARCHITECTURES = {
    "resnet18": (resnet18, lambda b: torch.rand(b, 3, 32, 32), 64),
    "encoder": (Encoder2, lambda b: torch.randint(0, 1000, (b, 64)), 32),
    "lstm": (Lstm2, lambda b: torch.rand(b, 64, 32), 32),
}


def trainer(model, opt, x, y):
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return step


def serve():
    ready = {}
    for line in sys.stdin:
        name, steps = line.split()
        if name not in ready:
            make, inputs, batch = ARCHITECTURES[name]
            torch.manual_seed(0)
            model = make().train()
            step = trainer(model, torch.optim.Adam(model.parameters(), 1e-3), inputs(batch), torch.randint(0, 10, (batch,)))
            for _ in range(3):
                step()
            ready[name] = (step, batch)
        step, batch = ready[name]
        times = []
        cpu = []
        for _ in range(int(steps)):
            t0 = time.perf_counter()
            c0 = time.process_time()
            step()
            cpu.append((time.process_time() - c0) * 1000)
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"engine": "pytorch", "model": name, "torch": torch.__version__, "threads": torch.get_num_threads(), "ms_per_step": times, "cpu_ms_per_step": cpu}), flush=True)


def bench(name, model, opt, shape, batch, steps):
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    step = trainer(model, opt, x, y)
    for _ in range(20):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / steps
    print(json.dumps({"engine": "pytorch", "model": name, "torch": torch.__version__, "ms_per_step": ms, "samples_per_s": batch * 1000 / ms}), flush=True)


which = sys.argv[1] if len(sys.argv) > 1 else "all"
if which == "serve":
    serve()
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
