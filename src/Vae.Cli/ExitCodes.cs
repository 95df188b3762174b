namespace Vae.Cli;

/// <summary>The exit codes of the <c>vae</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure: a missing or malformed file, a checkpoint that does not verify, a numerical failure.</summary>
    public const int RuntimeError = 1;

    /// <summary>A usage error: an unknown command or option, a value out of range, options that do not go together.</summary>
    public const int UsageError = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT); training saved a checkpoint first.</summary>
    public const int Interrupted = 130;
}
