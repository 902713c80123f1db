#!/usr/bin/python3
"""Training throughput (images/s) of RankSweep's tiny ViT written in PyTorch eager, for a side-by-side with DJL.

The shape arguments (--image-size ... --classes) build another ViT of the same design, e.g. DeiT-S's on random
224x224 RGB pixels.

The model mirrors org.ranksweep.worker.model (VisionTransformerBlock, PatchEmbeddingBlock, EncoderBlock,
AttentionBlock) layer for layer: pre-LayerNorm ViT (eps 1e-6), Conv2d patchify (kernel = stride = patch, bias), a
learned class token prepended and a learned position embedding added, blocks of x + attention(LN(x)) then
x + fc2(GELU(fc1(LN(x)))) with separate q, k, v, o Linear(d, d) with bias and softmax scale 1/sqrt(d_h), a final
LayerNorm and a Linear head on the class token. The training step mirrors ModelTrainer's: a batch of uint8 pixels
turned into floats and normalised on the engine, forward, the same loss formula (-(one_hot * log_softmax).sum.mean),
loss read back, backward, AdamW (weight decay 0.05 on every parameter) with a per-update cosine schedule, and the
batch's correct count read back.

Images/s is measured as on the DJL side: a time stamp after every step; the intervals between consecutive stamps
of one epoch (each a whole step, batch preparation included) are timed once the first --warmup steps are done; the
first interval of a later epoch is never timed (on the DJL side it contains the held-out evaluation).
Images/s = timed images / timed seconds.

Run with Debian's interpreter (/usr/bin/python3) and python3-torch; print one JSON line with --json.
"""
import argparse
import gzip
import json
import math
import os
import statistics
import struct
import sys
import time

import torch
from torch import nn

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"
BLAS_ALTERNATIVE = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
LAPACK_ALTERNATIVE = "/etc/alternatives/liblapack.so.3-x86_64-linux-gnu"


class PatchEmbedding(nn.Module):
    def __init__(self, channels, width, patch, tokens):
        super().__init__()
        self.projection = nn.Conv2d(channels, width, kernel_size=patch, stride=patch, bias=True)
        self.class_token = nn.Parameter(torch.zeros(1, 1, width))
        self.positions = nn.Parameter(torch.zeros(1, tokens, width))
        nn.init.trunc_normal_(self.class_token, std=0.02)
        nn.init.trunc_normal_(self.positions, std=0.02)

    def forward(self, images):
        patches = self.projection(images)
        batch, width = patches.shape[0], patches.shape[1]
        tokens = patches.reshape(batch, width, -1).transpose(1, 2)
        cls = self.class_token.expand(batch, 1, width)
        return torch.cat([cls, tokens], dim=1) + self.positions


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_width = width // heads
        self.scale = 1.0 / math.sqrt(self.head_width)
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(width, width)
        self.value = nn.Linear(width, width)
        self.output = nn.Linear(width, width)

    def split_heads(self, projected, batch, length):
        return projected.reshape(batch, length, self.heads, self.head_width).transpose(1, 2)

    def forward(self, tokens):
        batch, length, width = tokens.shape
        queries = self.split_heads(self.query(tokens), batch, length)
        keys = self.split_heads(self.key(tokens), batch, length)
        values = self.split_heads(self.value(tokens), batch, length)
        weights = (queries * self.scale).matmul(keys.transpose(2, 3)).softmax(-1)
        context = weights.matmul(values).transpose(1, 2).reshape(batch, length, width)
        return self.output(context)


class EncoderBlock(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.attention_norm = nn.LayerNorm(width, eps=1e-6)
        self.attention = Attention(width, heads)
        self.mlp_norm = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, hidden)
        self.gelu = nn.GELU()
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, tokens):
        mixed = tokens + self.attention(self.attention_norm(tokens))
        return mixed + self.fc2(self.gelu(self.fc1(self.mlp_norm(mixed))))


class VisionTransformer(nn.Module):
    def __init__(self, image_size=28, channels=1, patch=4, width=96, depth=4, heads=4, mlp_ratio=2, classes=10):
        super().__init__()
        tokens = (image_size // patch) ** 2 + 1
        self.embedding = PatchEmbedding(channels, width, patch, tokens)
        self.blocks = nn.ModuleList(EncoderBlock(width, heads, width * mlp_ratio) for _ in range(depth))
        self.final_norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, classes)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, images):
        tokens = self.embedding(images)
        for block in self.blocks:
            tokens = block(tokens)
        return self.head(self.final_norm(tokens)[:, 0, :])


def read_idx(path):
    with gzip.open(path, "rb") as stream:
        data = stream.read()
    magic, count = struct.unpack(">II", data[:8])
    dimensions = magic & 0xFF
    shape = struct.unpack(">" + "I" * dimensions, data[4:4 + 4 * dimensions])
    offset = 4 + 4 * dimensions
    return torch.frombuffer(bytearray(data[offset:]), dtype=torch.uint8).reshape(shape)


def load_images(settings):
    directory, limit = settings.data, settings.images
    if directory != "random" and os.path.isdir(directory):
        images = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))[:limit]
        labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))[:limit]
        return images.unsqueeze(1).contiguous(), labels.long(), "fashion-mnist"
    generator = torch.Generator().manual_seed(11)
    side = settings.image_size
    images = torch.randint(0, 256, (limit, settings.channels, side, side), dtype=torch.uint8, generator=generator)
    labels = torch.randint(0, settings.classes, (limit,), generator=generator)
    return images, labels, "random"


def train(model, images, labels, settings):
    batch, epochs, warmup = settings.batch, settings.epochs, settings.warmup
    pixels = images.float()
    mean, std = pixels.mean().item() / 255.0, pixels.std().item() / 255.0
    scale, shift = 1.0 / (255.0 * std), mean / std
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=0.05)
    steps_per_epoch = math.ceil(len(images) / batch)
    total_steps = epochs * steps_per_epoch
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps, eta_min=settings.lr / 100)
    intervals, step_count = [], 0
    for epoch in range(epochs):
        order = torch.randperm(len(images), generator=torch.Generator().manual_seed(epoch))
        previous = None
        for start in range(0, len(images), batch):
            index = order[start:start + batch]
            inputs = images[index].float().mul(scale).sub(shift)
            targets = labels[index]
            logits = model(inputs)
            target = nn.functional.one_hot(targets, settings.classes).float()
            loss = -(target * logits.log_softmax(-1)).sum(-1).mean()
            loss_value = loss.item()
            if not math.isfinite(loss_value):
                raise RuntimeError(f"loss is {loss_value} at epoch {epoch + 1}")
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            (logits.detach().argmax(-1) == targets).sum().item()
            now = time.perf_counter()
            step_count += 1
            if previous is not None and step_count > warmup:
                intervals.append((now - previous, len(index)))
            previous = now
    return intervals, loss_value


def mapped_libraries(words):
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) >= 6 and any(word in parts[5] for word in words) and parts[5] not in found:
                found.append(parts[5])
    return found


def blas_report():
    config = torch.__config__.show().replace("\n", ",")
    build = [item.strip(" -") for item in config.split(",")
             if any(word in item for word in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP",
                                                  "CPU capability", "MKL-DNN v"))]
    build = [item.replace("Build settings: ", "") for item in build]
    return {
        "torch_version": torch.__version__,
        "torch_build": build,
        "torch_parallel": [line.strip() for line in torch.__config__.parallel_info().splitlines()
                           if "get_num_threads" in line or "omp_get_max_threads" in line or "backend" in line],
        "libblas_alternative": os.path.realpath(BLAS_ALTERNATIVE) if os.path.exists(BLAS_ALTERNATIVE) else None,
        "liblapack_alternative": os.path.realpath(LAPACK_ALTERNATIVE) if os.path.exists(LAPACK_ALTERNATIVE) else None,
        "mapped_blas": mapped_libraries(("blas", "lapack", "gomp", "mkl")),
        "openblas_environment": {key: value for key, value in os.environ.items() if key.startswith("OPENBLAS")},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--images", type=int, default=7_680)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=10, help="first steps left untimed")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--data", default=FASHION_MNIST,
                        help="IDX directory, or 'random' (random pixels of the model's input size, as when missing)")
    parser.add_argument("--image-size", type=int, default=28)
    parser.add_argument("--channels", type=int, default=1)
    parser.add_argument("--patch", type=int, default=4)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--mlp-ratio", type=int, default=2)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--allow-any-blas", action="store_true", help="do not insist on OpenBLAS (OpenMP)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    settings = parser.parse_args()

    torch.set_num_threads(settings.threads)
    torch.manual_seed(1)
    images, labels, source = load_images(settings)
    model = VisionTransformer(settings.image_size, settings.channels, settings.patch, settings.width,
                              settings.depth, settings.heads, settings.mlp_ratio, settings.classes)
    model.train()
    torch.ones(64, 64).matmul(torch.ones(64, 64))  # loads the BLAS before it is reported
    blas = blas_report()
    if not settings.allow_any_blas and not any("openblas-openmp" in path for path in blas["mapped_blas"]):
        sys.exit("torch did not load OpenBLAS (OpenMP): " + json.dumps(blas["mapped_blas"])
                 + "; select it with update-alternatives or pass --allow-any-blas")
    intervals, last_loss = train(model, images, labels, settings)
    seconds = sum(interval for interval, _ in intervals)
    timed_images = sum(size for _, size in intervals)
    result = {
        "side": "pytorch",
        "images_per_second": timed_images / seconds,
        "median_step_ms": 1000 * statistics.median(interval for interval, _ in intervals),
        "steps_timed": len(intervals),
        "step_ms": [round(1000 * interval, 3) for interval, _ in intervals],
        "images_timed": timed_images,
        "seconds_timed": seconds,
        "parameters": sum(parameter.numel() for parameter in model.parameters()),
        "threads": torch.get_num_threads(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "data": source,
        "last_loss": last_loss,
        **blas,
    }
    if settings.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            if key != "step_ms":
                print(f"{key}: {value}")


if __name__ == "__main__":
    main()
