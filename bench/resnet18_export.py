"""Exports torchvision's ResNet-18 (10 classes, seeded random weights, eval mode) for 32x32 inputs
to ONNX with a symbolic batch, for bench/efficiency-quantize.ts. In eval mode torch.onnx folds each
BatchNorm into its Conv. Usage: /usr/bin/python3 bench/resnet18_export.py OUT.onnx
(Debian's python3-torch 1.13 and python3-torchvision)."""
import sys

import torch
import torchvision

torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=10).eval()
x = torch.randn(1, 3, 32, 32)
torch.onnx.export(model, x, sys.argv[1], input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13,
                  do_constant_folding=True)
print(f"wrote {sys.argv[1]}: torchvision {torchvision.__version__} resnet18, torch {torch.__version__}")
