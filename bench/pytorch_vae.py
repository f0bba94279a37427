"""The mnist-vae and conv-vae presets in PyTorch, timed like bench/train-bench.ts and
bench/conv-bench.ts time them in TensorFlow.js.

--model mlp (default): pytorch/examples vae/main.py, 784-400-20 MLP.
--model conv: the workbench's conv architecture (src/worker/models/networks.ts): per stage
space-to-depth (pixel_unshuffle) then a 3x3 convolution (relu); dense, then 2 x latent; the decoder
mirrors it with nearest x2 upsampling before each 3x3 convolution, the last one linear.
Both: Bernoulli decoder (BCE with logits summed over pixels) + analytic KL, Adam lr 1e-3, batch 128,
shuffled. --synthetic N trains on N uniform random images of --image H,W,C instead of MNIST (a
speed reference for image shapes MNIST does not have). Prints one JSON object.

usage: python3 bench/pytorch_vae.py <mnist-idx-folder> [--epochs N] [--threads N]
           [--model mlp|conv] [--hidden 16,32,256] [--latent 16] [--image 28,28,1] [--synthetic N] [--steps N]
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


class ConvVAE(nn.Module):
    def __init__(self, height, width, channels, hidden, latent):
        super().__init__()
        stages, dense = hidden[:-1], hidden[-1]
        self.shape = (channels, height, width)
        factor = 2 ** len(stages)
        self.bottom = (stages[-1], height // factor, width // factor)
        flat = stages[-1] * (height // factor) * (width // factor)
        ins = [4 * channels] + [4 * c for c in stages[:-1]]
        self.enc = nn.ModuleList(nn.Conv2d(i, o, 3, padding=1) for i, o in zip(ins, stages))
        self.enc_dense = nn.Linear(flat, dense)
        self.enc_head = nn.Linear(dense, 2 * latent)
        self.dec_dense = nn.Linear(latent, dense)
        self.dec_map = nn.Linear(dense, flat)
        reversed_stages = list(reversed(stages))
        outs = reversed_stages[1:] + [channels]
        self.dec = nn.ModuleList(nn.Conv2d(i, o, 3, padding=1) for i, o in zip(reversed_stages, outs))

    def forward(self, x):
        h = x.view(-1, *self.shape)
        for conv in self.enc:
            h = F.relu(conv(F.pixel_unshuffle(h, 2)))
        h = F.relu(self.enc_dense(h.flatten(1)))
        mu, logvar = self.enc_head(h).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        h = F.relu(self.dec_map(F.relu(self.dec_dense(z)))).view(-1, *self.bottom)
        for i, conv in enumerate(self.dec):
            h = conv(F.interpolate(h, scale_factor=2, mode="nearest"))
            if i < len(self.dec) - 1:
                h = F.relu(h)
        return h.flatten(1), mu, logvar


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
    """The BLAS library this process really loaded (LD_LIBRARY_PATH can pick another build than the
    system alternative), from the process's own memory map; the alternative's target otherwise."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "libopenblas" in path or "libblas" in path:
                    return os.path.realpath(path)
    except OSError:
        pass
    for link in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3"):
        if os.path.exists(link):
            return os.path.realpath(link)
    return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", choices=["mlp", "conv"], default="mlp")
    parser.add_argument("--hidden", default="16,32,256")
    parser.add_argument("--latent", type=int, default=16)
    parser.add_argument("--image", default="28,28,1")
    parser.add_argument("--synthetic", type=int, default=0)
    parser.add_argument("--steps", type=int, default=0, help="time this many steps instead of whole epochs")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    height, width, channels = (int(v) for v in args.image.split(","))
    if args.synthetic > 0:
        images = torch.rand(args.synthetic, height * width * channels)
    else:
        images = torch.from_numpy(read_idx_images(args.folder))
    if args.model == "conv":
        model = ConvVAE(height, width, channels, [int(v) for v in args.hidden.split(",")], args.latent)
    else:
        model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = 128

    def train_epoch():
        order = torch.randperm(images.shape[0])
        last = None
        end = images.shape[0] if args.steps <= 0 else min(images.shape[0], args.steps * batch)
        for start in range(0, end, batch):
            x = images[order[start : start + batch]]
            optimizer.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_function(logits, x, mu, logvar)
            loss.backward()
            optimizer.step()
            last = loss.item()
        return last

    # Warm-up: allocator, thread pool and BLAS kernels, as the tfjs run warms up its kernels.
    for step in range(20):
        # Random rows, so a data set smaller than 20 batches still warms up on full batches.
        x = images[torch.randint(0, images.shape[0], (batch,))]
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
        "model": args.model,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "blasThreads": blas_threads(blas_library()),
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
        "trainCount": int(images.shape[0]),
        "epochSeconds": epoch_seconds,
        "stepsTimed": args.steps if args.steps > 0 else None,
        "samplesPerSec": (images.shape[0] if args.steps <= 0 else min(images.shape[0], args.steps * batch)) / best,
        "finalTrainLoss": final_loss,
        "matmulGflops": matmul_gflops(),
    }))


if __name__ == "__main__":
    main()
