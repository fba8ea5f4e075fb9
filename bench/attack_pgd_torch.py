"""PyTorch peer of bench/attack-pgd.ts: the same PGD-20 loop (L∞, ε=0.1, α=0.01, random start) on the
same CNN architecture (random weights), batches of 500 over N MNIST-shaped inputs. Prints one JSON line."""
import json, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
x = torch.rand(n, 1, 28, 28)
y = torch.randint(0, 10, (n,))
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
for s in range(0, n, 500):
    pgd(x[s:s + 500], y[s:s + 500])
sec = time.perf_counter() - t0
print(json.dumps({"engine": "PyTorch " + torch.__version__, "seconds": sec, "images": n}))
