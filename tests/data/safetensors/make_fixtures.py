#!/usr/bin/python3
"""Writes the safetensors fixtures of tests/unit/test_safetensors.c as the
format's specification lays them out (an 8-byte little-endian header length,
a JSON header, raw little-endian data), the values encoded by numpy. Run from
this folder: /usr/bin/python3 make_fixtures.py."""
import json
import struct

import numpy as np


def write(path, tensors, metadata=None, pad_header=0):
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode() + b" " * pad_header
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


W = (np.arange(6, dtype=np.float64).reshape(3, 2) - 2.5) / 4   # W[i][j] = (2i + j - 2.5) / 4
h = np.array([0.5, -1.5, 65504.0, 2.0 ** -24], dtype=np.float16)  # the largest half and the smallest subnormal
bf = (np.array([1.0, -0.375, 3.0e38], dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)
write("weights.safetensors", {
    "rnn.weight_hh_l0": ("F32", W.shape, W.astype("<f4").tobytes()),
    "rnn.bias_hh_l0": ("F64", (3,), np.array([1.0, -2.0, 0.25]).astype("<f8").tobytes()),
    "half": ("F16", h.shape, h.astype("<f2").tobytes()),
    "bf16": ("BF16", bf.shape, bf.astype("<u2").tobytes()),
    "steps": ("I64", (2, 2), np.array([[-3, 7], [0, 2 ** 40]], dtype="<i8").tobytes()),
    "mask": ("BOOL", (3,), bytes([1, 0, 1])),
    "scalar": ("I8", (), struct.pack("<b", -5)),
    "S": ("F32", (2, 2), np.array([[2.0, 1.0], [1.0, 2.0]], dtype="<f4").tobytes()),  # eigenvalues 3 and 1
}, metadata={"format": "pt", "note": "a \"quoted\" \\u00e9 value"}, pad_header=5)
