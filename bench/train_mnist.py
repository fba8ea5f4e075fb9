"""PyTorch peer for bench/train-mnist: the same MLP and CNN as Keel's `mlp` / `cnn` presets,
same optimizer (Adam), learning rate, batch size and epochs, trained on the bundled MNIST, with
the same recipe: one epoch of linear warmup then per-step cosine decay to 0 (LambdaLR), and for the
CNN random shifts of up to 2 pixels with zero fill (a random 28x28 crop of the image padded by 2).

Run: OPENBLAS_CORETYPE=Haswell OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/train_mnist.py mlp 12 128 [seed]
Prints one JSON object per epoch: test accuracy and cumulative wall time (training + evaluation).
"""
import gzip
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 0)


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


d = "data/mnist/"
xtr = torch.tensor(idx(d + "train-images-idx3-ubyte.gz"), dtype=torch.float32).div(255).unsqueeze(1)
ytr = torch.tensor(idx(d + "train-labels-idx1-ubyte.gz"), dtype=torch.int64)
xte = torch.tensor(idx(d + "t10k-images-idx3-ubyte.gz"), dtype=torch.float32).div(255).unsqueeze(1)
yte = torch.tensor(idx(d + "t10k-labels-idx1-ubyte.gz"), dtype=torch.int64)

which, epochs, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if which == "mlp":
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))
else:
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), 1e-3)
steps_per_epoch = (len(xtr) + batch - 1) // batch
total, warm = steps_per_epoch * epochs, steps_per_epoch


def schedule(s):
    if s < warm:
        return (s + 1) / warm
    return 0.5 * (1 + math.cos(math.pi * min(1.0, (s - warm) / max(1, total - warm))))


sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
ar = torch.arange(28)


def shift(x, pixels=2):
    """Per-image random translation by up to `pixels` (zero fill), like Keel's randomShift."""
    b = x.shape[0]
    dy = torch.randint(-pixels, pixels + 1, (b,))
    dx = torch.randint(-pixels, pixels + 1, (b,))
    padded = F.pad(x, (pixels, pixels, pixels, pixels))
    rows = (ar[None, :] + pixels - dy[:, None])[:, :, None]
    cols = (ar[None, :] + pixels - dx[:, None])[:, None, :]
    return padded[torch.arange(b)[:, None, None], 0, rows, cols].unsqueeze(1)


loss_fn = nn.CrossEntropyLoss()
t0 = time.perf_counter()
for epoch in range(1, epochs + 1):
    model.train()
    perm = torch.randperm(len(xtr))
    for i in range(0, len(xtr), batch):
        j = perm[i:i + batch]
        opt.zero_grad(set_to_none=True)
        xb = shift(xtr[j]) if which == "cnn" else xtr[j]
        loss_fn(model(xb), ytr[j]).backward()
        opt.step()
        sched.step()
    model.eval()
    with torch.no_grad():
        acc = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(xte), 1000)) / len(xte)
    print(json.dumps({"engine": "pytorch", "torch": torch.__version__, "model": which, "epoch": epoch, "test_accuracy": acc, "wall_s": time.perf_counter() - t0}), flush=True)
