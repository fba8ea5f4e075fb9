"""Peers of bench/text-sms.ts on the same SMS split: word TF-IDF + logistic regression, character
n-gram TF-IDF + logistic regression (scikit-learn, fitted on all training rows), and PyTorch with
Keel's LSTM and transformer architectures and recipe (same token ids, same validation rows carved
from the training rows, same learning-rate schedule, best epoch by validation loss restored).
Prints one JSON line per model.
Run by bench/text-sms.ts, with the settings that make PyTorch fair on this CPU
(/work/shared/notes/engine-measurements.md: 2 threads, OPENBLAS_CORETYPE=SkylakeX,
OMP_WAIT_POLICY=PASSIVE): /usr/bin/python3 bench/text_sms_peer.py SPLIT.json
"""
import copy
import json
import math
import os
import sys
import time

import numpy as np

split = json.load(open(sys.argv[1]))
progress_file = os.path.join(os.path.dirname(sys.argv[1]), 'progress.log')


def progress(line):
    """Long work shows progress: one line per epoch, in progress.log beside the split file."""
    with open(progress_file, 'a') as f:
        f.write(line + '\n')

cfg = split['config']
ytr, yval, yte = np.array(split['train_y']), np.array(split['val_y']), np.array(split['test_y'])


def scores(pred, wall, epochs, name, best_epoch=None):
    pred = np.asarray(pred)
    tp = int(((pred == 1) & (yte == 1)).sum())
    fp = int(((pred == 1) & (yte == 0)).sum())
    fn = int(((pred == 0) & (yte == 1)).sum())
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    row = {'model': name, 'accuracy': float((pred == yte).mean()), 'spam_f1': f1, 'wall_s': wall, 'epochs': epochs}
    if best_epoch is not None:
        row['best_epoch'] = best_epoch
    print(json.dumps(row), flush=True)


from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

# The baselines fit on every training row (the neural models hold a validation part out of them).
all_texts, all_y = split['train_texts'] + split['val_texts'], np.concatenate([ytr, yval])
for name, vec in [('word TF-IDF + logistic regression', TfidfVectorizer(lowercase=True)), ('char 2-5-gram TF-IDF + logistic regression', TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), lowercase=True))]:
    t0 = time.time()
    clf = LogisticRegression(C=10, max_iter=2000).fit(vec.fit_transform(all_texts), all_y)
    scores(clf.predict(vec.transform(split['test_texts'])), time.time() - t0, None, name)

import torch
from torch import nn

torch.set_num_threads(2)
pad, dim, units = cfg['pad_id'], cfg['dim'], cfg['units']


def tensor_ids(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [pad] * (width - len(r)) for r in rows], dtype=torch.long)


def pool(h, mask):
    """Keel's max_mean pooling: max over real tokens, then their mean."""
    m = mask.unsqueeze(2).float()
    top = (h + (m - 1) * 1e4).max(1).values
    mean = (h * m).sum(1) / m.sum(1).clamp(min=1)
    return torch.cat([top, mean], 1)


class TextNet(nn.Module):
    def __init__(self, kind, rate):
        super().__init__()
        self.kind = kind
        self.emb = nn.Embedding(cfg['vocab'], dim)
        nn.init.xavier_uniform_(self.emb.weight)
        self.drop = nn.Dropout(rate)
        if kind == 'lstm':
            self.rnn = nn.LSTM(dim, units, batch_first=True)
            width = units
        else:
            self.pos = nn.Parameter(torch.empty(cfg['max_length'], dim))
            nn.init.xavier_uniform_(self.pos)
            layer = nn.TransformerEncoderLayer(dim, cfg['heads'], cfg['ff'], rate, batch_first=True, norm_first=True)
            self.enc = nn.TransformerEncoder(layer, cfg['layers'], enable_nested_tensor=False)
            width = dim
        self.head = nn.Linear(2 * width, 2)

    def forward(self, ids):
        mask = ids != pad
        h = self.drop(self.emb(ids))
        if self.kind == 'lstm':
            packed = nn.utils.rnn.pack_padded_sequence(h, mask.sum(1).cpu(), batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(self.rnn(packed)[0], batch_first=True, total_length=ids.shape[1])
        else:
            h = self.enc(h + self.pos[: ids.shape[1]], src_key_padding_mask=~mask)
        return self.head(self.drop(pool(h, mask)))


def lr_at(rc, step, steps_per_epoch, total):
    """The recipe's rate: constant, or Keel's `cosine` (one warmup epoch, then cosine to 0 at the last step)."""
    if rc['schedule'] == 'constant':
        return rc['lr']
    base, warm = rc['lr'], round(steps_per_epoch)
    if step < warm:
        return base * (step + 1) / warm
    t = min(1, (step - warm) / max(1, total - warm))
    return 0.5 * base * (1 + math.cos(math.pi * t))


xtr, xval, xte = tensor_ids(split['train_ids']), tensor_ids(split['val_ids']), tensor_ids(split['test_ids'])
loss_fn = nn.CrossEntropyLoss()
for kind in ['lstm', 'transformer']:
    rc = cfg['recipes'][kind]  # Keel's textRecipe(kind): the transformer's dropout differs
    torch.manual_seed(cfg['seed'])
    net = TextNet(kind, rc['dropout'])
    if rc['weightDecay'] > 0:
        opt = torch.optim.AdamW(net.parameters(), lr=rc['lr'], weight_decay=rc['weightDecay'])
    else:
        opt = torch.optim.Adam(net.parameters(), lr=rc['lr'])
    t0 = time.time()
    g = torch.Generator().manual_seed(cfg['seed'])
    bs = rc['batchSize']
    steps_per_epoch = math.ceil(len(ytr) / bs)
    total, step = steps_per_epoch * rc['epochs'], 0
    best, best_state, best_epoch, wait, ran = math.inf, None, 0, 0, 0
    for epoch in range(1, rc['epochs'] + 1):
        net.train()
        order = torch.randperm(len(ytr), generator=g)
        for s in range(0, len(ytr), bs):
            idx = order[s:s + bs]
            for group in opt.param_groups:
                group['lr'] = lr_at(rc, step, steps_per_epoch, total)
            opt.zero_grad()
            loss_fn(net(xtr[idx]), torch.tensor(ytr[idx.numpy()])).backward()
            opt.step()
            step += 1
        ran = epoch
        net.eval()
        with torch.no_grad():
            val_loss = float(loss_fn(net(xval), torch.tensor(yval)))
        progress(f'PyTorch {kind}: epoch {epoch}, val_loss {val_loss:.4f}, {time.time() - t0:.0f} s')
        if val_loss < best:
            best, best_state, best_epoch, wait = val_loss, copy.deepcopy(net.state_dict()), epoch, 0
        else:
            wait += 1
            if wait > rc['patience']:
                break
    net.load_state_dict(best_state)
    wall = time.time() - t0
    net.eval()
    with torch.no_grad():
        pred = net(xte).argmax(1).numpy()
    scores(pred, wall, ran, f'PyTorch {torch.__version__} {kind}', best_epoch)
