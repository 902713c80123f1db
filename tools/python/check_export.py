"""Logits of a RankSweep export on raw images, computed by PyTorch alone (the Java interop test runs this).

    /usr/bin/python3 tools/python/check_export.py --model DIR/model.safetensors --images images.npy --out logits.json

``--images`` is a .npy file of uint8 images (N, C, H, W) or (N, H, W); they are preprocessed with the config.json
beside the model. ``--out`` receives {"logits": [[...], ...], "top1": [...]} as JSON.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ranksweep_torch  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a file written by ranksweep export")
    parser.add_argument("--images", required=True, help=".npy of uint8 images (N, C, H, W) or (N, H, W)")
    parser.add_argument("--out", required=True, help="JSON file for the logits and top-1 classes")
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    model, config = ranksweep_torch.load_export(arguments.model)
    with torch.no_grad():
        logits = model(ranksweep_torch.preprocess(np.load(arguments.images), config))
    result = {"logits": logits.tolist(), "top1": logits.argmax(dim=1).tolist()}
    Path(arguments.out).write_text(json.dumps(result), encoding="utf-8")
    print("%s: %d images, %d classes" % (arguments.model, logits.shape[0], logits.shape[1]))


if __name__ == "__main__":
    main()
