using System.Globalization;
using System.Xml.Linq;

namespace Vae.Figures.Tests.Charts;

/// <summary>A parsed SVG (parsing itself checks well-formedness) with lookups by element name and class.</summary>
internal sealed class SvgDoc
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    public SvgDoc(string svg)
    {
        Root = XDocument.Parse(svg).Root!;
        Assert.Equal(Ns + "svg", Root.Name);
    }

    public XElement Root { get; }

    /// <summary>Ids are unique and every <c>url(#id)</c> reference names one of them.</summary>
    public void AssertReferencesResolve()
    {
        var ids = Root.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var references = Root.Descendants().SelectMany(e => e.Attributes())
            .Select(a => System.Text.RegularExpressions.Regex.Match(a.Value, @"url\(#([^)]+)\)"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    public double Width => Number(Root, "width");
    public double Height => Number(Root, "height");

    public IEnumerable<XElement> All(string name) => Root.Descendants(Ns + name);

    public IEnumerable<XElement> ByClass(string cls) =>
        Root.Descendants().Where(e => (string?)e.Attribute("class") == cls);

    public string[] Texts(string cls) => ByClass(cls).Select(e => e.Value).ToArray();

    public static double Number(XElement e, string attribute) =>
        double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    /// <summary>The frame rectangle(s) of the plot area(s), in document order.</summary>
    public (double X, double Y, double W, double H)[] Frames() =>
        ByClass("frame").Select(e => (Number(e, "x"), Number(e, "y"), Number(e, "width"), Number(e, "height"))).ToArray();

    /// <summary>The vertices of a path made of absolute M, L and H commands, split into subpaths.</summary>
    public static List<List<(double X, double Y)>> Subpaths(string d)
    {
        var result = new List<List<(double, double)>>();
        int i = 0;
        double lastY = 0;
        while (i < d.Length)
        {
            char command = d[i++];
            int end = i;
            while (end < d.Length && !char.IsLetter(d[end])) end++;
            var numbers = d[i..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            i = end;
            switch (command)
            {
                case 'M': result.Add([(numbers[0], numbers[1])]); lastY = numbers[1]; break;
                case 'L': result[^1].Add((numbers[0], numbers[1])); lastY = numbers[1]; break;
                case 'H': result[^1].Add((numbers[0], lastY)); break;
                default: throw new Xunit.Sdk.XunitException($"Unexpected path command {command}");
            }
        }
        return result;
    }
}
