namespace Vae.Cli.Verification;

/// <summary>The result of one test in a run's TRX report.</summary>
/// <param name="Name">The fully qualified test name (with the arguments of a theory's case).</param>
/// <param name="Outcome"><c>Passed</c>, <c>Failed</c> or <c>NotExecuted</c> (skipped).</param>
/// <param name="Message">The failure message, or null.</param>
internal sealed record TestOutcome(string Name, string Outcome, string? Message)
{
    /// <summary>Whether the test failed.</summary>
    public bool Failed => Outcome == "Failed";

    /// <summary>Whether the test passed.</summary>
    public bool Passed => Outcome == "Passed";

    /// <summary>The test name without a theory case's arguments, for a <c>FullyQualifiedName~</c> filter.</summary>
    public string Method => Name.Split('(')[0];

    /// <summary>The seed the failure message names (<c>replay with VAE_PROPERTY_SEED=N</c>), or null when it names none (not a property).</summary>
    public ulong? ReplaySeed
    {
        get
        {
            const string marker = "VAE_PROPERTY_SEED=";
            int at = Message?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
            if (at < 0) return null;
            var digits = Message.AsSpan(at + marker.Length);
            int length = 0;
            while (length < digits.Length && char.IsAsciiDigit(digits[length])) length++;
            return ulong.TryParse(digits[..length], out ulong seed) ? seed : null;
        }
    }
}
