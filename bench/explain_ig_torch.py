"""PyTorch peer of bench/explain-ig.ts: the same small CNN with Keel's exported weights,
integrated gradients with the same points/weights, in chunks of the same size. Prints JSON lines."""
import json, sys, time
import numpy as np
import torch

torch.set_num_threads(2)
d = np.load(sys.argv[1])
chunk = int(sys.argv[2])
out_path = sys.argv[3]

net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Flatten(), torch.nn.Linear(16 * 7 * 7, 10))
with torch.no_grad():
    for i, layer in enumerate([net[0], net[3], net[7]]):  # Keel's weights in layer order: p0 = weight, p1 = bias, ...
        layer.weight.copy_(torch.from_numpy(d[f'p{2 * i}'])); layer.bias.copy_(torch.from_numpy(d[f'p{2 * i + 1}']))
x = torch.from_numpy(d['x']); t = torch.from_numpy(d['target']).long()
alphas = torch.from_numpy(d['alphas']).float(); weights = torch.from_numpy(d['weights']).float()
n, s = x.shape[0], alphas.shape[0]

def ig():
    acc = torch.zeros_like(x)
    flat_rows = torch.arange(n).repeat_interleave(s)
    flat_steps = torch.arange(s).repeat(n)
    for p0 in range(0, n * s, chunk):
        r = flat_rows[p0:p0 + chunk]; k = flat_steps[p0:p0 + chunk]
        pts = (alphas[k].view(-1, 1, 1, 1) * x[r]).requires_grad_(True)
        out = net(pts)
        g, = torch.autograd.grad(out.gather(1, t[r].view(-1, 1)).sum(), pts)
        acc.index_add_(0, r, g * weights[k].view(-1, 1, 1, 1))
    return x * acc

ig()  # warm-up
times = []
for _ in range(3):
    t0 = time.perf_counter(); a = ig(); times.append(time.perf_counter() - t0)
np.save(out_path, a.numpy())
print(json.dumps({"engine": "pytorch", "seconds": sorted(times)[1], "torch": torch.__version__}))
