namespace Vae.Cli.Reproduce;

/// <summary>One experiment of the paper: trains its models and writes its figures, tables and values.</summary>
internal interface IExperiment
{
    /// <summary>What the progress line calls it.</summary>
    string Name { get; }

    /// <summary>Runs the experiment, writing through <paramref name="context"/>'s output.</summary>
    void Run(ExperimentContext context);
}
