"""PyTorch peer of `Vae.Bench loglik`: the importance-sampled log-likelihood of a trained VAE, written the
idiomatic PyTorch way, to time against Vae.Probabilistic's LogLikelihood.Estimate and to cross-check it.

    log p(x) ~= logsumexp_k [log p(x | z_k) + log p(z_k) - log q(z_k | x)] - log K,   z_k ~ q(z | x)

Model: the 784-400-20 VAE whose weights Vae.Bench wrote as safetensors under the Vae CLI's tensor names
(encoder.body.I.*, encoder.loc.*, encoder.logvar.*, decoder.I.*; weights stored [in, out] as in
Vae.Core's Linear), loaded into nn.Linear modules; ReLU hidden activations; q(z | x) = N(mu, exp(logvar / 2));
p(z) = N(0, I); p(x | z) Bernoulli with the decoder's logits on [0, 1] intensities, i.e.
log p(x | z) = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1), which is Vae.Core's
Bernoulli-by-logits log-density. Densities of z come from torch.distributions.Normal.

Computation: float32 networks under torch.inference_mode(), batched over samples (K samples of a block of
rows_per_pass // K images decoded in one pass, as LogLikelihood.Estimate does); log-weights converted to
float64 for the logsumexp and the delta-method standard error sd(w_i) / (sqrt(K) mean(w_i)) per image,
the same estimator as LogLikelihoodEstimate. The safetensors file is parsed by hand (8-byte little-endian
header length, JSON header, data), so the `safetensors` package is not needed.

Usage: torch_loglik.py --weights FILE [--images N] [--k K] [--threads T] [--seed S] [--rows-per-pass R]
(OPENBLAS_NUM_THREADS sets OpenBLAS's pool). Prints one line
"estimate MEAN se SE seconds S images N k K": MEAN and SE in nats per image, S the seconds of the
estimate alone (data loading, weight loading and a small untimed warm-up excluded).
"""
import argparse
import gzip
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal

DATA = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + length])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {entry['dtype']}; this peer reads F32")
        begin, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[base + begin:base + end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors


def linear(tensors, prefix):
    weight = tensors[prefix + ".weight"]  # [in, out]
    layer = nn.Linear(weight.shape[0], weight.shape[1])
    with torch.no_grad():
        layer.weight.copy_(weight.t())
        layer.bias.copy_(tensors[prefix + ".bias"])
    return layer


def mlp(tensors, prefix, activate_last):
    layers, i = [], 0
    while f"{prefix}.{i}.weight" in tensors:
        layers += [linear(tensors, f"{prefix}.{i}"), nn.ReLU()]
        i += 1
    if i == 0:
        raise ValueError(f"no layers named {prefix}.0.* in the weights")
    return nn.Sequential(*(layers if activate_last else layers[:-1]))


class Vae(nn.Module):
    def __init__(self, tensors):
        super().__init__()
        self.body = mlp(tensors, "encoder.body", activate_last=True)
        self.loc = linear(tensors, "encoder.loc")
        self.logvar = linear(tensors, "encoder.logvar")
        self.decoder = mlp(tensors, "decoder", activate_last=False)


@torch.inference_mode()
def log_likelihood(model, x, k, rows_per_pass):
    """Per-image estimates and standard errors (float64) for the rows of x."""
    block = max(1, rows_per_pass // k)
    prior = Normal(torch.zeros(()), torch.ones(()))
    estimates, errors = [], []
    for start in range(0, len(x), block):
        xb = x[start:start + block]
        h = model.body(xb)
        q = Normal(model.loc(h), torch.exp(0.5 * model.logvar(h)))
        z = q.sample((k,))  # [K, B, latent]
        logits = model.decoder(z)  # [K, B, 784]
        log_px = -F.binary_cross_entropy_with_logits(logits, xb.expand(k, -1, -1), reduction="none").sum(-1)
        log_w = (log_px + prior.log_prob(z).sum(-1) - q.log_prob(z).sum(-1)).double()  # [K, B]
        estimates.append(torch.logsumexp(log_w, 0) - math.log(k))
        w = torch.exp(log_w - log_w.max(0).values)
        mean = w.mean(0)
        variance = w.var(0, unbiased=True) if k > 1 else torch.zeros_like(mean)
        errors.append(torch.sqrt(variance / k) / mean)
    return torch.cat(estimates), torch.cat(errors)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--k", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows-per-pass", type=int, default=32768)
    a = parser.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    with gzip.open(DATA) as g:
        pixels = np.frombuffer(g.read(), np.uint8, offset=16).reshape(-1, 784)[:a.images]
    x = torch.from_numpy(pixels.astype(np.float32) / 255)
    model = Vae(read_safetensors(a.weights)).eval()
    log_likelihood(model, x[:max(1, a.rows_per_pass // a.k)], a.k, a.rows_per_pass)  # warm-up, untimed
    start = time.perf_counter()
    estimates, errors = log_likelihood(model, x, a.k, a.rows_per_pass)
    seconds = time.perf_counter() - start
    mean = estimates.mean().item()
    se = math.sqrt((errors ** 2).sum().item()) / len(x)
    print(f"estimate {mean:.6f} se {se:.6f} seconds {seconds:.4f} images {len(x)} k {a.k}", flush=True)


if __name__ == "__main__":
    main()
