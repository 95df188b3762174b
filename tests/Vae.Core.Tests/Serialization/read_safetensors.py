"""Reads a safetensors file with nothing but struct, json and torch.frombuffer, independently of the
C# reader, checking the format's rules, and prints what it found as JSON on stdout:
a list with, for each file, {"header_length": N, "metadata": {...}, "tensors": [{"name", "dtype",
"shape", "bits"}, ...]} (tensors in the order of their data), where "bits" are the elements' IEEE bit patterns (int32 for F32, int64 for F64) in row-major order,
so the caller can compare values exactly (NaN payloads and signed zeros included).

Usage: python3 read_safetensors.py FILE... Exits 1 with a message on stderr when a file breaks the
format, and 3 when torch is not installed.
"""
import json
import struct
import sys

try:
    import torch
except ImportError:
    print("torch is not installed", file=sys.stderr)
    sys.exit(3)

DTYPES = {"F32": (torch.float32, torch.int32, 4), "F64": (torch.float64, torch.int64, 8)}


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def read(path):
    if sys.byteorder != "little":
        fail("torch.frombuffer reads native byte order; this check needs a little-endian machine")
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        fail("shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        fail(f"header length {n} beyond the file ({len(data)} bytes)")
    header_bytes = data[8:8 + n]
    if not header_bytes.startswith(b"{"):
        fail("header does not start with '{'")
    header = json.loads(header_bytes.decode("utf-8"))
    buffer = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        fail("metadata is not a map of strings")
    entries = sorted(header.items(), key=lambda item: item[1]["data_offsets"])
    expected = 0
    tensors = []
    for name, info in entries:
        float_type, int_type, size = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        shape = info["shape"]
        count = 1
        for d in shape:
            count *= d
        if begin != expected or end - begin != count * size or end > len(buffer):
            fail(f"tensor {name}: offsets {begin}..{end} do not follow {expected} with {count * size} bytes")
        expected = end
        values = torch.frombuffer(bytearray(buffer[begin:end]), dtype=float_type) if count > 0 else torch.zeros(0, dtype=float_type)
        values = values.reshape(shape)
        tensors.append({"name": name, "dtype": info["dtype"], "shape": list(values.shape),
                        "bits": values.flatten().view(int_type).tolist()})
    if expected != len(buffer):
        fail(f"data end at {expected} but the buffer holds {len(buffer)} bytes")
    return {"header_length": n, "metadata": metadata, "tensors": tensors}


if __name__ == "__main__":
    print(json.dumps([read(path) for path in sys.argv[1:]]))
