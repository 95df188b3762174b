"""Times torch.mm (float32) on the shapes given by Vae.Bench's gemm command.

Usage: torch_mm.py "BATCHES:m,n,k,ta,tb;..."   (OPENBLAS_NUM_THREADS sets the BLAS threads)
Prints a JSON list of [best, median] GFLOP/s per shape, over BATCHES timed batches as in GemmBench.cs.
Transposed operands are passed as .t() views, so BLAS receives a transpose flag and nothing is copied.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)
batches, _, spec = sys.argv[1].partition(":")
batches = int(batches)
shapes = [tuple(int(x) for x in s.split(",")) for s in spec.split(";")]


def operands(m, n, k, ta, tb):
    a = torch.rand(k, m).t() if ta else torch.rand(m, k)
    b = torch.rand(n, k).t() if tb else torch.rand(k, n)
    return a, b, torch.empty(m, n)


def warm_up(seconds):
    ops = [operands(*s) for s in shapes]
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for a, b, c in ops:
            torch.mm(a, b, out=c)


def measure(m, n, k, ta, tb, seconds=0.6):
    a, b, c = operands(m, n, k, ta, tb)
    flops = 2.0 * m * n * k
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.1:
        torch.mm(a, b, out=c)
        calls += 1
    per_batch = max(1, int(calls / (time.perf_counter() - start) * seconds / batches))
    rates = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(per_batch):
            torch.mm(a, b, out=c)
        rates.append(flops * per_batch / (time.perf_counter() - t0) / 1e9)
    rates.sort()
    return [rates[-1], rates[len(rates) // 2]]


warm_up(2.0)
print(json.dumps([measure(*s) for s in shapes]))
