namespace Vae.Core.Autoencoders;

/// <summary>What one epoch of <see cref="AutoencoderTrainer{T}"/> did.</summary>
/// <param name="Epoch">The epoch's index, from 0.</param>
/// <param name="MeanObjective">The training objective averaged over the epoch's rows (each batch's value, taken before its update, weighted by its row count).</param>
/// <param name="Steps">The optimiser steps taken so far, this epoch included.</param>
public sealed record EpochReport(int Epoch, double MeanObjective, long Steps);
