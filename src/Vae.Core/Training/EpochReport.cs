namespace Vae.Core.Training;

/// <summary>What one epoch of <see cref="Trainer"/> did.</summary>
/// <param name="Epoch">The epoch number, from 1 (= epochs completed).</param>
/// <param name="Loss">The mean training loss over the epoch's examples (batch losses weighted by batch size).</param>
/// <param name="Steps">The optimiser steps taken so far in total.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public sealed record EpochReport(int Epoch, double Loss, long Steps, double Seconds);
