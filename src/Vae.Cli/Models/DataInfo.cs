namespace Vae.Cli.Models;

/// <summary>What a model kind needs to know about the training data to configure itself.</summary>
/// <param name="Dimension">The number of features.</param>
/// <param name="InUnitInterval">Whether every observed value lies in [0, 1] (a Bernoulli likelihood needs it).</param>
/// <param name="HasMissing">Whether some values are missing.</param>
/// <param name="Classes">The number of classes (labels 0 to Classes − 1), or 0 when the data have no labels.</param>
/// <param name="DefaultLikelihood">The likelihood used when <c>--likelihood</c> is not given.</param>
internal sealed record DataInfo(int Dimension, bool InUnitInterval, bool HasMissing, int Classes, string DefaultLikelihood);
