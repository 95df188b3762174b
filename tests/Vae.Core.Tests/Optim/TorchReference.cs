namespace Vae.Core.Tests.Optim;

/// <summary>
/// Reference trajectories from PyTorch 1.13.0 (Debian's python3-torch, CPU, float64), produced by
/// this script run with /usr/bin/python3:
/// <code>
/// import torch
/// def run(make, steps=3):
///     p = torch.tensor([0.5, -1.25, 2.0, 0.0, -0.75], dtype=torch.float64, requires_grad=True)
///     opt = make([p])
///     grads = [[0.1, -0.2, 0.3, -0.4, 0.5], [-0.3, 0.25, 0.05, 1.5, -0.6], [0.7, 0.0, -0.9, 0.2, 0.35]]
///     out = []
///     for t in range(steps):
///         p.grad = torch.tensor(grads[t], dtype=torch.float64)
///         opt.step()
///         out.append([repr(x) for x in p.detach().tolist()])
///     return out
/// for name, make in [
///     ("adam", lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)),
///     ("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)),
///     ("sgd_nesterov", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
///     ("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
/// ]:
///     print(name)
///     for row in run(make): print("  ", ", ".join(row))
/// </code>
/// The values below are its output, one row per step.
/// </summary>
internal static class TorchReference
{
    public static readonly double[] Start = [0.5, -1.25, 2.0, 0.0, -0.75];

    public static readonly double[][] Gradients =
    [
        [0.1, -0.2, 0.3, -0.4, 0.5],
        [-0.3, 0.25, 0.05, 1.5, -0.6],
        [0.7, 0.0, -0.9, 0.2, 0.35],
    ];

    public static readonly double[][] Adam =
    [
        [0.4900000006666666, -1.2400000003076923, 1.9900000002, 0.009999999750000004, -0.7599999997647059],
        [0.49295244907868235, -1.2364439659702722, 1.9806840741327396, 0.0045339436513341085, -0.7572644291921726],
        [0.4878301362551343, -1.231716180471628, 1.9812029054366502, -0.0004745450709256766, -0.7573410707913562],
    ];

    public static readonly double[][] AdamW =
    [
        [0.4895000009999999, -1.2387500005, 1.9880000003333334, 0.009999999750000004, -0.7592499998],
        [0.4939523991110065, -1.2391385730443174, 1.9781787272147273, 0.004525334806657503, -0.7570613025195432],
        [0.48920824518723366, -1.2391573595024006, 1.9803162688115639, -0.00048540515325578865, -0.7579099390063362],
    ];

    public static readonly double[][] SgdNesterov =
    [
        [0.48005, -1.209625, 1.9392, 0.07600000000000001, -0.843575],
        [0.5276329049999999, -1.2376142125, 1.90009552, -0.1767444, -0.7678647075],
        [0.4098870619804999, -1.23904169924625, 2.038536586512, -0.30681014564, -0.81952571880575],
    ];

    public static readonly double[][] SgdMomentum =
    [
        [0.49, -1.23, 1.97, 0.04000000000000001, -0.8],
        [0.511, -1.2369999999999999, 1.938, -0.07399999999999998, -0.785],
        [0.45990000000000003, -1.2432999999999998, 1.9991999999999999, -0.1966, -0.8065],
    ];
}
