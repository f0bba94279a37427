"""PyTorch's own convolutions on the conv models' layer shapes, for bench/conv-layer-bench.ts:
forward (conv + bias + activation) and backward (input and filter gradients, by autograd) times,
best of the repeats, with PyTorch's thread count given. Each layer's input is the resampled one
(space-to-depth or nearest x2 upsampling applied beforehand), so only the convolution is timed.

usage: python3 bench/pytorch_conv_layers.py '<json list of layers>' <threads> [repeats]
  layer: {"name", "batch", "height", "width", "channels", "outChannels", "kernel", "resample": 0|1|2, "relu", "inputGradient"}
Prints one JSON object.
"""
import json
import sys
import time

import torch
from torch.nn import functional as F


def best_ms(f, repeats):
    for _ in range(3):
        f()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main():
    layers = json.loads(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]))
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    torch.manual_seed(1)
    results = []
    for layer in layers:
        x = torch.randn(layer["batch"], layer["channels"], layer["height"], layer["width"])
        if layer["resample"] == 1:
            x = F.pixel_unshuffle(x, 2)
        elif layer["resample"] == 2:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        x = x.contiguous().requires_grad_(layer["inputGradient"])
        k = layer["kernel"]
        w = (torch.randn(layer["outChannels"], x.shape[1], k, k) * 0.1).requires_grad_(True)
        b = torch.zeros(layer["outChannels"], requires_grad=True)

        def forward():
            y = F.conv2d(x, w, b, padding=k // 2)
            return F.relu(y) if layer["relu"] else y

        with torch.no_grad():
            forward_ms = best_ms(forward, repeats)
        y = forward()
        g = torch.randn_like(y)
        wanted = [w, b] + ([x] if layer["inputGradient"] else [])
        backward_ms = best_ms(lambda: torch.autograd.grad(y, wanted, g, retain_graph=True), repeats)
        results.append({"name": layer["name"], "forwardMs": forward_ms, "backwardMs": backward_ms})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available(), "layers": results}))


if __name__ == "__main__":
    main()
