using System.Text.Json;
using Vae.Cli.Data;
using Vae.Cli.Models;
using Vae.Core.Serialization;

namespace Vae.Cli.Training;

/// <summary>
/// Everything <c>vae</c> needs to rebuild a run from its checkpoint: the model, the data and the
/// training settings. Stored as the checkpoint's configuration (camelCase JSON).
/// </summary>
internal sealed record RunConfiguration
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The model.</summary>
    public required ModelSettings Model { get; init; }

    /// <summary>The data source and split.</summary>
    public required DataSettings Data { get; init; }

    /// <summary>Epochs, batch size, learning rate and seed.</summary>
    public required TrainingSettings Training { get; init; }

    /// <summary>The JSON stored in a checkpoint.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, Json);

    /// <summary>The configuration of <paramref name="checkpoint"/>.</summary>
    /// <exception cref="CheckpointException">It is not a configuration written by <c>vae</c>.</exception>
    public static RunConfiguration Of(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            return checkpoint.Configuration.Deserialize<RunConfiguration>(Json)
                ?? throw new JsonException("the configuration is null.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(checkpoint.ManifestPath, $"the configuration is not one vae wrote ({e.Message})", e);
        }
    }
}
