"""PyTorch peer of bench/attack-pgd.ts: the same PGD-20 loop (L∞, ε=0.1, α=0.01, random start) on the
same CNN architecture (random weights), batches of 500 over the first N MNIST test images. Prints one JSON line."""
import gzip, json, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
def idx(name):
    with gzip.open(f"data/mnist/{name}", "rb") as f:
        raw = f.read()
    return raw
img = idx("t10k-images-idx3-ubyte.gz")
lab = idx("t10k-labels-idx1-ubyte.gz")
x = torch.from_numpy(np.frombuffer(img, dtype=np.uint8, offset=16).astype(np.float32) / 255).reshape(-1, 1, 28, 28)[:n].contiguous()
y = torch.from_numpy(np.frombuffer(lab, dtype=np.uint8, offset=8).astype(np.int64))[:n].contiguous()
model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 7 * 7, 10)).eval()
for p in model.parameters():
    p.requires_grad_(False)

def pgd(xb, yb, eps=0.1, alpha=0.01, steps=20):
    adv = (xb + torch.empty_like(xb).uniform_(-eps, eps)).clamp(0, 1)
    for _ in range(steps):
        adv.requires_grad_(True)
        loss = F.cross_entropy(model(adv), yb, reduction='sum')
        g, = torch.autograd.grad(loss, adv)
        adv = adv.detach() + alpha * g.sign()
        adv = torch.min(torch.max(adv, xb - eps), xb + eps).clamp(0, 1)
    return adv

pgd(x[:500], y[:500], steps=2)
t0 = time.perf_counter()
c0 = time.process_time()
for s in range(0, n, 500):
    pgd(x[s:s + 500], y[s:s + 500])
sec = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"engine": "PyTorch " + torch.__version__, "seconds": sec, "cpu_seconds": cpu, "images": n}))
