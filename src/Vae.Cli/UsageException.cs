namespace Vae.Cli;

/// <summary>A command line the user must correct (an option out of range, options that do not go together): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
