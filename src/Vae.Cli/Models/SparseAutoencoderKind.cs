using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary>
/// <c>--model sparse</c>: the reconstruction loss plus a sparsity penalty on the code: β·Σⱼ KL(ρ‖ρ̂ⱼ) on a
/// sigmoid code (Ng, 2011; ρ = 0.05 and β = 3 unless <c>--rho</c>, <c>--sparsity-weight</c>), or, with
/// <c>--sparsity l1</c>, λ·(1/B) Σₙ ‖hₙ‖₁ on a ReLU code (Goodfellow et al., 2016, §14.2.1; λ = 0.1 unless
/// <c>--sparsity-weight</c>).
/// </summary>
internal sealed class SparseAutoencoderKind : AutoencoderFamilyKind
{
    /// <summary>The values of <c>--sparsity</c>.</summary>
    public static string[] Penalties { get; } = ["kl", "l1"];

    private const double DefaultTarget = 0.05, DefaultKlWeight = 3, DefaultL1Weight = 0.1;

    /// <inheritdoc />
    public override string Name => "sparse";

    /// <inheritdoc />
    public override string Description => "sparse autoencoder (--sparsity kl|l1, --rho, --sparsity-weight)";

    /// <inheritdoc />
    protected override string[] Options => ["--sparsity", "--rho", "--sparsity-weight"];

    /// <inheritdoc />
    protected override ModelSettings ConfigureKind(ModelSettings common, ModelRequest request, DataInfo data)
    {
        string penalty = request.Sparsity ?? "kl";
        bool kl = penalty == "kl";
        if (!kl && request.SparsityTarget is not null) throw new UsageException("--rho applies to --sparsity kl only.");
        double target = request.SparsityTarget ?? DefaultTarget;
        if (!(target > 0 && target < 1)) throw new UsageException($"--rho must lie strictly between 0 and 1; got {target}.");
        double weight = NonNegative("--sparsity-weight", request.SparsityWeight ?? (kl ? DefaultKlWeight : DefaultL1Weight));
        return common with
        {
            CodeActivation = kl ? CodeActivations.Sigmoid : CodeActivations.Relu,
            Sparsity = penalty,
            SparsityTarget = kl ? target : null,
            SparsityWeight = weight,
        };
    }

    /// <inheritdoc />
    protected override AutoencoderBase<float> Create(ModelSettings settings, Rng rng)
    {
        var penalty = settings.Sparsity switch
        {
            "kl" => SparsityPenalty.KlDivergence(settings.SparsityTarget ?? throw Missing("sparsityTarget"), settings.SparsityWeight ?? throw Missing("sparsityWeight")),
            "l1" => SparsityPenalty.L1(settings.SparsityWeight ?? throw Missing("sparsityWeight")),
            _ => throw new InvalidDataException($"unknown sparsity penalty '{settings.Sparsity}'; expected kl or l1."),
        };
        return new SparseAutoencoder<float>(Encoder(settings, rng), Decoder(settings, rng), Loss(settings), penalty);
    }

    private static InvalidDataException Missing(string field) => new($"the sparse model's configuration has no {field}.");
}
