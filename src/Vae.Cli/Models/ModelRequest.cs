namespace Vae.Cli.Models;

/// <summary>The model options of <c>vae train</c>; null where the option was not given.</summary>
/// <param name="Latent">The number of latent dimensions (the code size of an autoencoder).</param>
/// <param name="Hidden">The hidden widths, or null for <see cref="DefaultHidden"/>.</param>
/// <param name="Beta"><c>--beta</c>, or null.</param>
/// <param name="Samples"><c>--samples</c>, or null.</param>
/// <param name="Likelihood"><c>--likelihood</c>, or null for the data's default.</param>
internal sealed record ModelRequest(int Latent, int[]? Hidden, double? Beta, int? Samples, string? Likelihood)
{
    /// <summary>The hidden widths when <c>--hidden</c> is not given.</summary>
    public static IReadOnlyList<int> DefaultHidden { get; } = [400];

    /// <summary><c>--sparsity</c>: <c>l1</c> or <c>kl</c>.</summary>
    public string? Sparsity { get; init; }

    /// <summary><c>--rho</c>: the KL sparsity target ρ.</summary>
    public double? SparsityTarget { get; init; }

    /// <summary><c>--sparsity-weight</c>: λ (L1) or β (KL).</summary>
    public double? SparsityWeight { get; init; }

    /// <summary><c>--noise</c>: <c>masking</c>, <c>gaussian</c> or <c>salt-pepper</c>.</summary>
    public string? Noise { get; init; }

    /// <summary><c>--noise-level</c>: ν (masking, salt-and-pepper) or σ (Gaussian).</summary>
    public double? NoiseLevel { get; init; }

    /// <summary><c>--corruptions</c>: L, the corrupted copies of each row per step.</summary>
    public int? Corruptions { get; init; }

    /// <summary><c>--contractive-weight</c>: λ of the Jacobian penalty.</summary>
    public double? ContractiveWeight { get; init; }

    /// <summary>The hidden widths to use: <see cref="Hidden"/>, or <see cref="DefaultHidden"/> when it was not given.</summary>
    public int[] HiddenOrDefault => Hidden ?? [.. DefaultHidden];

    /// <summary>The options that only some kinds take, each with whether it was given, in the order the help lists them.</summary>
    private IEnumerable<(string Option, bool Given)> KindOptions()
    {
        yield return ("--sparsity", Sparsity is not null);
        yield return ("--rho", SparsityTarget is not null);
        yield return ("--sparsity-weight", SparsityWeight is not null);
        yield return ("--noise", Noise is not null);
        yield return ("--noise-level", NoiseLevel is not null);
        yield return ("--corruptions", Corruptions is not null);
        yield return ("--contractive-weight", ContractiveWeight is not null);
    }

    /// <summary>Throws for the first autoencoder option given that <paramref name="model"/> does not take (those in <paramref name="accepted"/>).</summary>
    /// <exception cref="UsageException">An option the model does not take was given.</exception>
    public void RejectOptionsOtherThan(string model, params string[] accepted)
    {
        foreach (var (option, given) in KindOptions())
            if (given && !accepted.Contains(option))
                throw new UsageException($"{option} is not an option of the {model} model.");
    }
}
