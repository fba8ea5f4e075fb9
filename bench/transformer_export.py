"""Exports a bench-size transformer encoder for bench/efficiency-quantize.ts: MNIST images read as
28-step sequences of 28 pixels -> Linear(28, 128) -> 2 x nn.TransformerEncoderLayer(128, 4 heads,
512, GELU, post-norm, batch-first) -> mean over steps -> Linear(128, 10); seeded random weights,
eval mode, symbolic batch. Usage: /usr/bin/python3 bench/transformer_export.py OUT.onnx
(Debian's python3-torch 1.13)."""
import sys

import torch
from torch import nn


class SequenceEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(28, 128)
        layer = nn.TransformerEncoderLayer(128, 4, 512, dropout=0.0, activation='gelu', batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        return self.head(self.enc(self.embed(x.reshape(x.shape[0], 28, 28))).mean(dim=1))


torch.manual_seed(0)
model = SequenceEncoder().eval()
torch.onnx.export(model, (torch.randn(2, 1, 28, 28),), sys.argv[1], input_names=['input'], output_names=['logits'],
                  dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}}, opset_version=17)
print(f"wrote {sys.argv[1]}: 2-layer transformer encoder, torch {torch.__version__}")
