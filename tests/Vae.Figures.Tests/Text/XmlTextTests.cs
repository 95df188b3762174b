using System.Xml.Linq;
using Vae.Figures.Text;

namespace Vae.Figures.Tests.Text;

public class XmlTextTests
{
    [Fact]
    public void EscapesTheFiveMarkupCharacters() =>
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;", XmlText.Escape("<a href=\"x\">Tom & Jerry's</a>"));

    [Fact]
    public void LeavesOrdinaryTextAndSurrogatePairsAlone()
    {
        Assert.Equal("β-VAE: −ELBO ≤ 90 nats 😀", XmlText.Escape("β-VAE: −ELBO ≤ 90 nats 😀"));
        Assert.Equal("tab\tand\nnewline", XmlText.Escape("tab\tand\nnewline"));
    }

    /// <summary>XML 1.0 cannot carry U+0001, U+FFFF or an unpaired surrogate even as a character reference; each becomes U+FFFD.</summary>
    [Fact]
    public void ReplacesCharactersXmlCannotCarry() =>
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd\uFFFD", XmlText.Escape("a\u0001b\uFFFFc\uD800d\uDC00"));

    /// <summary>Escaped text inside an element and an attribute parses back to the original string.</summary>
    [Fact]
    public void EscapedTextParsesBackToTheOriginal()
    {
        const string text = "x < y && y > \"z\" 'q' ]]> <!-- -->";
        var doc = XDocument.Parse($"<r a=\"{XmlText.Escape(text)}\">{XmlText.Escape(text)}</r>");
        Assert.Equal(text, doc.Root!.Value);
        Assert.Equal(text, doc.Root.Attribute("a")!.Value);
    }
}
