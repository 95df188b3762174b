using System.Globalization;

namespace Vae.Bench;

/// <summary>
/// The options of one bench command (<c>--name value</c> and bare <c>--flag</c>s), checked against the
/// names the command knows so that a mistyped option fails instead of being ignored.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> given = [];

    /// <summary>Parses <paramref name="args"/>; <paramref name="options"/> take a value, <paramref name="flags"/> do not.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a stray word.</exception>
    public Arguments(string[] args, string[] options, string[] flags)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (flags.Contains(name)) given[name] = null;
            else if (options.Contains(name))
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
                given[name] = args[++i];
            }
            else throw new ArgumentException($"unknown argument '{name}'; this command takes {string.Join(", ", options.Concat(flags))}.");
        }
    }

    /// <summary>Whether the flag was given.</summary>
    public bool Has(string flag) => given.ContainsKey(flag);

    /// <summary>The option's value, or <paramref name="fallback"/>.</summary>
    public string? Text(string option, string? fallback = null) => given.TryGetValue(option, out var value) ? value : fallback;

    /// <summary>The option as an integer of at least <paramref name="minimum"/>.</summary>
    /// <exception cref="ArgumentException">Not such an integer.</exception>
    public int Int(string option, int fallback, int minimum = 1)
    {
        string? text = Text(option);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
            throw new ArgumentException($"{option} must be an integer >= {minimum}; got '{text}'.");
        return value;
    }

    /// <summary>The option as a comma-separated list of positive integers (thread counts, say).</summary>
    /// <exception cref="ArgumentException">An element is not a positive integer.</exception>
    public int[] IntList(string option, string fallback)
    {
        string text = Text(option, fallback)!;
        return [.. text.Split(',').Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 1
                ? value
                : throw new ArgumentException($"{option} must be a comma-separated list of positive integers; got '{text}'."))];
    }
}
