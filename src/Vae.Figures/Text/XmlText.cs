using System.Text;

namespace Vae.Figures.Text;

/// <summary>Escapes text for XML 1.0 character data and attribute values.</summary>
internal static class XmlText
{
    /// <summary>
    /// Escapes <c>&amp; &lt; &gt; " '</c> as entities and replaces characters XML 1.0 cannot carry at all
    /// (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates)
    /// with U+FFFD, so that any .NET string yields a well-formed document.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsEscape(text)) return text;
        var sb = new StringBuilder(text.Length + 16);
        Append(sb, text);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped as in <see cref="Escape"/>.</summary>
    public static void Append(StringBuilder sb, string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else if (IsForbidden(c)) sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
    }

    private static bool NeedsEscape(string text)
    {
        foreach (char c in text)
            if (c is '&' or '<' or '>' or '"' or '\'' || IsForbidden(c) || char.IsSurrogate(c)) return true;
        return false;
    }

    private static bool IsForbidden(char c) =>
        (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF' || char.IsSurrogate(c);
}
