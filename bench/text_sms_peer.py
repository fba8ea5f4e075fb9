"""Peers of bench/text-sms.ts on the same SMS split: word TF-IDF + logistic regression, character
n-gram TF-IDF + logistic regression (scikit-learn), and PyTorch with Keel's LSTM and transformer
architectures and recipe, fed Keel's token ids. Prints one JSON line per model.
Run by bench/text-sms.ts: /usr/bin/python3 bench/text_sms_peer.py SPLIT.json
"""
import json
import sys
import time

import numpy as np

split = json.load(open(sys.argv[1]))
cfg = split['config']
ytr, yte = np.array(split['train_y']), np.array(split['test_y'])


def scores(pred, wall, epochs, name):
    pred = np.asarray(pred)
    tp = int(((pred == 1) & (yte == 1)).sum())
    fp = int(((pred == 1) & (yte == 0)).sum())
    fn = int(((pred == 0) & (yte == 1)).sum())
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    print(json.dumps({'model': name, 'accuracy': float((pred == yte).mean()), 'spam_f1': f1, 'wall_s': wall, 'epochs': epochs}), flush=True)


from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

for name, vec in [('word TF-IDF + logistic regression', TfidfVectorizer(lowercase=True)), ('char 2-5-gram TF-IDF + logistic regression', TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), lowercase=True))]:
    t0 = time.time()
    xtr = vec.fit_transform(split['train_texts'])
    clf = LogisticRegression(C=10, max_iter=2000).fit(xtr, ytr)
    scores(clf.predict(vec.transform(split['test_texts'])), time.time() - t0, None, name)

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(cfg['seed'])
pad, dim, units, rate = cfg['pad_id'], cfg['dim'], cfg['units'], cfg['dropout']


def tensor_ids(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [pad] * (width - len(r)) for r in rows], dtype=torch.long)


class TextNet(nn.Module):
    def __init__(self, kind):
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
        self.head = nn.Linear(width, 2)

    def forward(self, ids):
        mask = ids != pad
        h = self.drop(self.emb(ids))
        lengths = mask.sum(1)
        if self.kind == 'lstm':
            packed = nn.utils.rnn.pack_padded_sequence(h, lengths.cpu(), batch_first=True, enforce_sorted=False)
            _, (hn, _) = self.rnn(packed)
            pooled = hn[-1]
        else:
            h = self.enc(h + self.pos[: ids.shape[1]], src_key_padding_mask=~mask)
            m = mask.unsqueeze(2).float()
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1)
        return self.head(self.drop(pooled))


xtr, xte = tensor_ids(split['train_ids']), tensor_ids(split['test_ids'])
for kind in ['lstm', 'transformer']:
    torch.manual_seed(cfg['seed'])
    net = TextNet(kind)
    opt = torch.optim.Adam(net.parameters(), lr=cfg['lr'])
    loss_fn = nn.CrossEntropyLoss()
    t0 = time.time()
    g = torch.Generator().manual_seed(cfg['seed'])
    for epoch in range(cfg['epochs']):
        net.train()
        order = torch.randperm(len(ytr), generator=g)
        for s in range(0, len(ytr), cfg['batch_size']):
            idx = order[s:s + cfg['batch_size']]
            opt.zero_grad()
            loss = loss_fn(net(xtr[idx]), torch.tensor(ytr[idx.numpy()]))
            loss.backward()
            opt.step()
    wall = time.time() - t0
    net.eval()
    with torch.no_grad():
        pred = net(xte).argmax(1).numpy()
    scores(pred, wall, cfg['epochs'], f'PyTorch {torch.__version__} {kind}')
