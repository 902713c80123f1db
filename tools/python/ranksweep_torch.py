"""Build a model exported by ``ranksweep export`` as a PyTorch module, dense or compressed.

Needs only torch, numpy and the standard library (Debian 12: ``apt-get install python3-torch python3-numpy``, then
run with ``/usr/bin/python3``)::

    import ranksweep_torch
    model, config = ranksweep_torch.load_export("model.safetensors")    # strict state-dict load, eval mode
    logits = model(ranksweep_torch.preprocess(images, config))          # images: uint8 (N, C, H, W) or (N, H, W)

The safetensors metadata holds the plan (``ranksweep.plan``): per transformer block its attention form and MLP
ranks, and the classifier's rank. The module mirrors RankSweep's DJL model exactly:

* patch embedding: Conv2d(C, d, kernel p, stride p); class token prepended, learned position embedding added;
* pre-LayerNorm blocks (eps 1e-6): x + attn(norm1(x)), then x + fc2(GELU(fc1(norm2(x)))), GELU exact (erf);
* attention: q, k, v split into heads head-major; softmax((q * scale) k^T) v, with scale 1/sqrt of the ORIGINAL head
  width d/h even when a compressed head is narrower; no dropout;
* final LayerNorm, classifier on the class token.

State-dict names follow timm's VisionTransformer. Dense attention (and head-level attention that kept every head at
full width) stores the fused ``attn.qkv``; other head-level attention (comcat, head-prune) stores ``attn.q``,
``attn.k``, ``attn.v`` with heads x per-head width outputs; attention with no heads left stores only
``attn.proj.bias``. A factorised Linear P (svd-matrix attention, MLP and classifier ranks) is
``nn.Sequential(nn.Linear(in, r, bias=False), nn.Linear(r, out))``: ``P.0.weight`` (r, in), ``P.1.weight`` (out, r),
``P.1.bias``.
"""

import json
import math
import struct
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

PLAN_KEY = "ranksweep.plan"
PRETRAINED_CFG_KEY = "ranksweep.pretrained_cfg"
LAYER_NORM_EPS = 1e-6
_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
           "U8": "u1", "BOOL": "?"}


def read_safetensors(path):
    """(tensors, metadata) of a safetensors file: 8-byte little-endian header length, JSON header, raw data."""
    data = Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    start_of_data = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[start_of_data + begin:start_of_data + end], dtype=np.dtype(_DTYPES[entry["dtype"]]))
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).astype(array.dtype.newbyteorder("="), copy=True))
    return tensors, metadata


def linear(inputs, outputs, rank=None):
    """A Linear with bias, or at ``rank`` the factorised pair RankSweep exports as P.0 / P.1."""
    if rank is None:
        return nn.Linear(inputs, outputs)
    return nn.Sequential(nn.Linear(inputs, rank, bias=False), nn.Linear(rank, outputs))


class OutputBias(nn.Module):
    """Attention with no heads left: its output is the projection's bias alone (state dict: ``attn.proj.bias``)."""

    def __init__(self, width):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(width))


class Attention(nn.Module):
    """Multi-head self-attention in any of RankSweep's forms (see the module docstring)."""

    def __init__(self, width, heads, qk_width, vo_width, scale_width, fused, ranks=(None, None, None, None)):
        super().__init__()
        self.heads, self.qk_width, self.vo_width = heads, qk_width, vo_width
        self.scale = 1.0 / math.sqrt(scale_width)
        self.fused = fused
        if heads == 0:
            self.proj = OutputBias(width)
            return
        if fused:
            self.qkv = nn.Linear(width, 3 * heads * qk_width)
        else:
            self.q = linear(width, heads * qk_width, ranks[0])
            self.k = linear(width, heads * qk_width, ranks[1])
            self.v = linear(width, heads * vo_width, ranks[2])
        self.proj = linear(heads * vo_width, width, ranks[3])

    def forward(self, x):
        batch, length, width = x.shape
        if self.heads == 0:
            return self.proj.bias.expand(batch, length, width)
        if self.fused:
            q, k, v = self.qkv(x).reshape(batch, length, 3, self.heads, self.qk_width).permute(2, 0, 3, 1, 4)
        else:
            q = self.q(x).reshape(batch, length, self.heads, self.qk_width).transpose(1, 2)
            k = self.k(x).reshape(batch, length, self.heads, self.qk_width).transpose(1, 2)
            v = self.v(x).reshape(batch, length, self.heads, self.vo_width).transpose(1, 2)
        weights = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        context = (weights @ v).transpose(1, 2).reshape(batch, length, self.heads * self.vo_width)
        return self.proj(context)


class Mlp(nn.Module):
    def __init__(self, width, hidden, fc1_rank=None, fc2_rank=None):
        super().__init__()
        self.fc1 = linear(width, hidden, fc1_rank)
        self.fc2 = linear(hidden, width, fc2_rank)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, shape, block_plan):
        super().__init__()
        width = shape["width"]
        self.norm1 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.attn = attention(shape, block_plan)
        self.norm2 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.mlp = Mlp(width, width * shape["mlpRatio"], block_plan.get("fc1Rank"), block_plan.get("fc2Rank"))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


def attention(shape, block_plan):
    """The attention module of one block of the plan (``kind`` dense, head-level or matrix-level)."""
    width, heads = shape["width"], shape["heads"]
    head_width = width // heads
    kind = block_plan["kind"]
    if kind == "dense":
        return Attention(width, heads, head_width, head_width, head_width, fused=True)
    if kind == "head-level":
        kept, qk, vo = block_plan["heads"], block_plan["qkRank"], block_plan["voRank"]
        full = kept == heads and qk == head_width and vo == head_width
        return Attention(width, kept, qk, vo, head_width, fused=full)
    if kind == "matrix-level":
        ranks = (block_plan["rq"], block_plan["rk"], block_plan["rv"], block_plan["ro"])
        return Attention(width, heads, head_width, head_width, head_width, fused=False, ranks=ranks)
    raise ValueError("unknown block kind %r" % kind)


class PatchEmbed(nn.Module):
    def __init__(self, shape):
        super().__init__()
        patch = shape["patch"]
        self.proj = nn.Conv2d(shape["channels"], shape["width"], kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class RankSweepVit(nn.Module):
    """The ViT a RankSweep plan describes (the plan's JSON as a dict); input (N, C, H, W) normalised, output logits."""

    def __init__(self, plan):
        super().__init__()
        shape = plan["shape"]
        width = shape["width"]
        tokens = (shape["imageSize"] // shape["patch"]) ** 2 + 1
        self.plan = plan
        self.patch_embed = PatchEmbed(shape)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, width))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens, width))
        self.blocks = nn.ModuleList(Block(shape, block_plan) for block_plan in plan["blocks"])
        self.norm = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.head = linear(width, shape["classes"], plan.get("headRank"))

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


def load_config(path, metadata=None):
    """The ``config.json`` beside an export; without one, a config holding the metadata's pretrained_cfg."""
    config_file = Path(path).parent / "config.json"
    if config_file.is_file():
        return json.loads(config_file.read_text(encoding="utf-8"))
    if metadata is None:
        metadata = read_safetensors(path)[1]
    if PRETRAINED_CFG_KEY not in metadata:
        raise ValueError("%s: no config.json beside it and no %s in its metadata" % (path, PRETRAINED_CFG_KEY))
    return {"pretrained_cfg": json.loads(metadata[PRETRAINED_CFG_KEY])}


def load_export(path):
    """(model in eval mode, config) of a ``ranksweep export`` file; every tensor must fit (``strict=True``)."""
    tensors, metadata = read_safetensors(path)
    if PLAN_KEY not in metadata:
        raise ValueError("%s: no %s in the safetensors metadata: not a RankSweep export" % (path, PLAN_KEY))
    model = RankSweepVit(json.loads(metadata[PLAN_KEY]))
    model.load_state_dict(tensors, strict=True)
    return model.eval(), load_config(path, metadata)


def preprocess(images, config):
    """Model inputs (float32, N x C x H x W) from uint8 images, as RankSweep prepared them in training.

    ``images``: uint8 numpy array or tensor, (N, C, H, W), or (N, H, W) for one channel. Images already of the
    config's input size are only normalised: (x/255 - mean_c) / std_c, computed as RankSweep does, x * (1/(255 std_c))
    - mean_c/std_c in float32. Other sizes are first resized so the shorter side is int(size / crop_pct) with the
    config's interpolation (antialiased; close to, not bit-identical with, PIL's), rounded to bytes and
    centre-cropped. ``config`` is the dict ``load_export`` returns (or its ``pretrained_cfg``).
    """
    cfg = config.get("pretrained_cfg", config)
    x = torch.as_tensor(np.asarray(images))
    if x.dtype != torch.uint8:
        raise ValueError("preprocess takes uint8 images, got %s" % x.dtype)
    if x.dim() == 3:
        x = x.unsqueeze(1)
    channels, height, width = cfg["input_size"]
    if x.shape[1] != channels:
        raise ValueError("images have %d channels, the model takes %d" % (x.shape[1], channels))
    if (x.shape[2], x.shape[3]) != (height, width):
        x = _resize_and_crop(x, height, width, cfg["interpolation"], cfg["crop_pct"])
    x = x.to(torch.float32)
    std = np.asarray(cfg["std"], dtype=np.float64)
    mean = np.asarray(cfg["mean"], dtype=np.float64)
    scale = torch.from_numpy((1.0 / (255.0 * std)).astype(np.float32)).reshape(1, channels, 1, 1)
    shift = torch.from_numpy((mean / std).astype(np.float32)).reshape(1, channels, 1, 1)
    return x * scale - shift


def _resize_and_crop(x, height, width, interpolation, crop_pct):
    shorter = int(math.floor(min(height, width) / crop_pct))
    in_height, in_width = x.shape[2], x.shape[3]
    if in_height <= in_width:
        size = (shorter, int(in_width * shorter / in_height))
    else:
        size = (int(in_height * shorter / in_width), shorter)
    smooth = interpolation in ("bilinear", "bicubic")
    options = {"align_corners": False, "antialias": True} if smooth else {}
    resized = F.interpolate(x.to(torch.float32), size=size, mode=interpolation, **options)
    resized = resized.round().clamp(0, 255).to(torch.uint8)
    top = int(round((size[0] - height) / 2.0))
    left = int(round((size[1] - width) / 2.0))
    return resized[:, :, top:top + height, left:left + width]
