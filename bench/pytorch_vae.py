"""The mnist-vae preset in PyTorch, timed like bench/train-bench.ts times it in TensorFlow.js.

The model is pytorch/examples vae/main.py: 784-400-20 MLP, Bernoulli decoder (BCE with logits
summed over pixels) + analytic KL, Adam lr 1e-3, batch 128, shuffled. Prints one JSON object.

usage: python3 bench/pytorch_vae.py <mnist-idx-folder> [--epochs N] [--threads N]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def read_idx_images(folder):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            count = int.from_bytes(data[4:8], "big")
            return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 784).astype(np.float32) / 255.0
    raise FileNotFoundError(f"{folder}: no train-images-idx3-ubyte[.gz]")


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


def loss_function(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return (bce + kld) / x.shape[0]


def matmul_gflops(size=2048, repeats=5):
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    seconds = (time.perf_counter() - start) / repeats
    return 2 * size**3 / seconds / 1e9


def blas_threads(path):
    """OpenBLAS's own thread count: torch.set_num_threads sizes PyTorch's pool, not OpenBLAS's."""
    try:
        import ctypes
        return int(ctypes.CDLL(path).openblas_get_num_threads())
    except (OSError, AttributeError):
        return None


def blas_library():
    for link in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3"):
        if os.path.exists(link):
            return os.path.realpath(link)
    return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = torch.from_numpy(read_idx_images(args.folder))
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 128

    def train_epoch():
        order = torch.randperm(images.shape[0])
        last = None
        for start in range(0, images.shape[0], batch):
            x = images[order[start : start + batch]]
            optimizer.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_function(logits, x, mu, logvar)
            loss.backward()
            optimizer.step()
            last = loss.item()
        return last

    # Warm-up: allocator, thread pool and BLAS kernels, as the tfjs run warms up its kernels.
    for start in range(0, 20 * batch, batch):
        x = images[start : start + batch]
        optimizer.zero_grad()
        logits, mu, logvar = model(x)
        loss_function(logits, x, mu, logvar).backward()
        optimizer.step()

    epoch_seconds = []
    final_loss = None
    for _ in range(args.epochs):
        start = time.perf_counter()
        final_loss = train_epoch()
        epoch_seconds.append(time.perf_counter() - start)
    best = min(epoch_seconds)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "blasThreads": blas_threads(blas_library()),
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
        "trainCount": int(images.shape[0]),
        "epochSeconds": epoch_seconds,
        "samplesPerSec": images.shape[0] / best,
        "finalTrainLoss": final_loss,
        "matmulGflops": matmul_gflops(),
    }))


if __name__ == "__main__":
    main()
