# Provenance: a verbatim copy of /work/shared/peers/torch_vae_fmnist.py (sha256 71990c84647a10b5...), the project's
# reference PyTorch peer, for `Vae.Bench train`. Only these four comment lines were added; the logic is unchanged.
# Run: python3 torch_vae_fmnist.py TORCH_THREADS EPOCHS (OPENBLAS_NUM_THREADS sets OpenBLAS's own pool); Vae.Bench
# runs it through peak_rss.py, which prints the process's peak RSS after it.
# Reference peer: the pytorch/examples MLP VAE (784-400-20, BCE on [0,1] intensities, Adam 1e-3, batch 128)
# trained on Fashion-MNIST read from Debian's dataset-fashion-mnist. Prints seconds per epoch and
# the average per-sample test loss (negative ELBO, nats) after each epoch.
import gzip, sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1  # torch intra-op threads; OpenBLAS runs its own pool (OPENBLAS_NUM_THREADS)
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.set_num_threads(threads); torch.manual_seed(1)
D = "/usr/share/datasets/fashion-mnist/"
def images(f):
    with gzip.open(D + f) as g: return np.frombuffer(g.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
xtr, xte = torch.from_numpy(images("train-images-idx3-ubyte.gz")), torch.from_numpy(images("t10k-images-idx3-ubyte.gz"))
class VAE(nn.Module):
    def __init__(s):
        super().__init__(); s.fc1 = nn.Linear(784, 400); s.fc21 = nn.Linear(400, 20); s.fc22 = nn.Linear(400, 20); s.fc3 = nn.Linear(20, 400); s.fc4 = nn.Linear(400, 784)
    def forward(s, x):
        h = F.relu(s.fc1(x)); mu, lv = s.fc21(h), s.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * lv)
        return s.fc4(F.relu(s.fc3(z))), mu, lv
def loss(logits, x, mu, lv):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="sum") - 0.5 * torch.sum(1 + lv - mu.pow(2) - lv.exp())
m = VAE(); opt = torch.optim.Adam(m.parameters(), lr=1e-3)
for ep in range(1, epochs + 1):
    perm = torch.randperm(len(xtr)); t = time.perf_counter(); m.train()
    for i in range(0, len(xtr), 128):
        x = xtr[perm[i:i + 128]]; opt.zero_grad()
        lg, mu, lv = m(x); l = loss(lg, x, mu, lv); l.backward(); opt.step()
    dt = time.perf_counter() - t; m.eval()
    with torch.no_grad():
        tl = 0.0
        for i in range(0, len(xte), 1000):
            x = xte[i:i + 1000]; lg, mu, lv = m(x); tl += loss(lg, x, mu, lv).item()
        tl /= len(xte)
    print(f"epoch {ep} train_s {dt:.2f} test_neg_elbo {tl:.2f}", flush=True)
