namespace Vae.Cli.Models;

/// <summary>
/// One value of <c>--model</c>: checks the options that concern it and builds the model. A new kind is
/// one class implementing this interface plus its line in <see cref="ModelCatalog.All"/>.
/// </summary>
internal interface IModelKind
{
    /// <summary>The <c>--model</c> value.</summary>
    string Name { get; }

    /// <summary>One line for the help text.</summary>
    string Description { get; }

    /// <summary>The settings for <paramref name="request"/> on data like <paramref name="data"/>.</summary>
    /// <exception cref="UsageException">An option this kind does not take was given, or a value is out of range.</exception>
    ModelSettings Configure(ModelRequest request, DataInfo data);

    /// <summary>The model of <paramref name="settings"/>, initialised from <paramref name="rng"/>.</summary>
    ICliModel Build(ModelSettings settings, Vae.Core.Randomness.Rng rng);
}
