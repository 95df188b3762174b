namespace Vae.Cli.Training;

/// <summary>The options of <c>vae train</c>; null where an option was not given (a new run then uses its default).</summary>
internal sealed record TrainRequest
{
    /// <summary><c>--out</c>: the run's directory (checkpoint and metrics).</summary>
    public required string Out { get; init; }

    /// <summary><c>--resume</c>: continue the checkpoint in <see cref="Out"/>.</summary>
    public bool Resume { get; init; }

    /// <summary><c>--model</c>; null: miwae for data with missing values, else vae.</summary>
    public string? Model { get; init; }

    /// <summary><c>--data</c>; null: digits.</summary>
    public string? Data { get; init; }

    /// <summary><c>--latent</c>; null: 20.</summary>
    public int? Latent { get; init; }

    /// <summary><c>--hidden</c>; null: [400].</summary>
    public int[]? Hidden { get; init; }

    /// <summary><c>--epochs</c> (the total); null: 10, or the checkpoint's when resuming.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>--batch</c>; null: 128.</summary>
    public int? Batch { get; init; }

    /// <summary><c>--lr</c>; null: 1e-3.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>--seed</c>; null: 0.</summary>
    public ulong? Seed { get; init; }

    /// <summary><c>--beta</c>.</summary>
    public double? Beta { get; init; }

    /// <summary><c>--samples</c>.</summary>
    public int? Samples { get; init; }

    /// <summary><c>--likelihood</c>.</summary>
    public string? Likelihood { get; init; }

    /// <summary><c>--sparsity</c>.</summary>
    public string? Sparsity { get; init; }

    /// <summary><c>--rho</c>.</summary>
    public double? SparsityTarget { get; init; }

    /// <summary><c>--sparsity-weight</c>.</summary>
    public double? SparsityWeight { get; init; }

    /// <summary><c>--noise</c>.</summary>
    public string? Noise { get; init; }

    /// <summary><c>--noise-level</c>.</summary>
    public double? NoiseLevel { get; init; }

    /// <summary><c>--corruptions</c>.</summary>
    public int? Corruptions { get; init; }

    /// <summary><c>--contractive-weight</c>.</summary>
    public double? ContractiveWeight { get; init; }

    /// <summary><c>--test-fraction</c>; null: 0.2.</summary>
    public double? TestFraction { get; init; }

    /// <summary><c>--no-header</c>: the CSV file's first line is data.</summary>
    public bool NoHeader { get; init; }

    /// <summary>The options given on the command line that a checkpoint fixes (all but --out, --resume, --epochs and --verbose).</summary>
    public IReadOnlyList<string> FixedOptionsGiven { get; init; } = [];
}
