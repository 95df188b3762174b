using System.Globalization;
using System.Text;
using Vae.Figures.Text;

namespace Vae.Figures.Rendering;

/// <summary>
/// Writes an SVG document element by element. Coordinates are rounded to 0.01 px and written with the
/// invariant culture ("0.##", no negative zero), attribute values and text are XML-escaped, lines end in
/// "\n": the same calls always give the same bytes.
/// </summary>
internal sealed class SvgBuilder
{
    private readonly StringBuilder sb = new();
    private readonly HashSet<string> clipIds = [];
    private int depth;

    /// <summary>Starts a document of the given pixel size with a white background and an accessible title.</summary>
    public SvgBuilder(double width, double height, string? title)
    {
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(Num(width))
          .Append("\" height=\"").Append(Num(height)).Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ')
          .Append(Num(height)).Append("\" font-family=\"").Append(Style.FontFamily).Append("\">\n");
        depth = 1;
        if (!string.IsNullOrEmpty(title)) Element("title", [], title);
        Rect(0, 0, width, height, Style.Background, cls: "background");
    }

    /// <summary>A coordinate or length: rounded to two decimals, invariant culture, never "-0".</summary>
    public static string Num(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Opens a <c>&lt;g&gt;</c> with the given (name, value) attributes; null values are left out.</summary>
    public void OpenGroup(params (string Name, string? Value)[] attributes)
    {
        Indent();
        sb.Append("<g");
        AppendAttributes(attributes);
        sb.Append(">\n");
        depth++;
    }

    /// <summary>Closes the innermost open <c>&lt;g&gt;</c>.</summary>
    public void CloseGroup()
    {
        depth--;
        Indent();
        sb.Append("</g>\n");
    }

    /// <summary>
    /// A clip path holding one rectangle; returns its id, which spells the rectangle out
    /// ("clip_x_y_w_h"), so that equal ids always mean equal clips, even across several SVGs inlined into
    /// one HTML page. A clip already written in this document is not written again.
    /// </summary>
    public string ClipRect(PixelRect rect)
    {
        string id = "clip_" + Num(rect.X) + "_" + Num(rect.Y) + "_" + Num(rect.Width) + "_" + Num(rect.Height);
        if (!clipIds.Add(id)) return id;
        Indent();
        sb.Append("<clipPath id=\"").Append(id).Append("\">");
        sb.Append("<rect x=\"").Append(Num(rect.X)).Append("\" y=\"").Append(Num(rect.Y)).Append("\" width=\"")
          .Append(Num(rect.Width)).Append("\" height=\"").Append(Num(rect.Height)).Append("\"/></clipPath>\n");
        return id;
    }

    /// <summary>A rectangle; a null <paramref name="stroke"/> draws none.</summary>
    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null,
        double strokeWidth = 1, string? cls = null, string? fillOpacity = null) =>
        Element("rect", [("class", cls), ("x", Num(x)), ("y", Num(y)), ("width", Num(width)), ("height", Num(height)),
            ("fill", fill), ("fill-opacity", fillOpacity), ("stroke", stroke), ("stroke-width", stroke is null ? null : Num(strokeWidth))]);

    /// <summary>A circle; fill and stroke may come from an enclosing group when null.</summary>
    public void Circle(double cx, double cy, double r, string? fill = null, string? stroke = null, string? cls = null) =>
        Element("circle", [("class", cls), ("cx", Num(cx)), ("cy", Num(cy)), ("r", Num(r)), ("fill", fill), ("stroke", stroke)]);

    /// <summary>A path with the given data string (already made of <see cref="Num"/> numbers).</summary>
    public void Path(string data, string fill, string? stroke, double strokeWidth, string? cls = null, string? dash = null) =>
        Element("path", [("class", cls), ("d", data), ("fill", fill), ("stroke", stroke),
            ("stroke-width", stroke is null ? null : Num(strokeWidth)), ("stroke-dasharray", dash),
            ("stroke-linejoin", stroke is null ? null : "round"), ("stroke-linecap", stroke is null ? null : "round")]);

    /// <summary>
    /// One line of text with its baseline at <paramref name="y"/>; <paramref name="anchor"/> is
    /// "start", "middle" or "end"; <paramref name="rotate"/> turns it about its anchor point (degrees).
    /// </summary>
    public void Text(double x, double y, string text, double size, string anchor = "start", bool bold = false,
        double rotate = 0, string? cls = null, string fill = Style.TextColor) =>
        Element("text", [("class", cls), ("x", Num(x)), ("y", Num(y)), ("font-size", Num(size)),
            ("font-weight", bold ? "bold" : null), ("text-anchor", anchor == "start" ? null : anchor), ("fill", fill),
            ("transform", rotate == 0 ? null : "rotate(" + Num(rotate) + " " + Num(x) + " " + Num(y) + ")")], text);

    /// <summary>Closes the document and returns it.</summary>
    public string Finish()
    {
        if (depth != 1) throw new InvalidOperationException("Unbalanced SVG groups.");
        sb.Append("</svg>\n");
        depth = 0;
        return sb.ToString();
    }

    /// <summary>An element with the non-null attributes, self-closed, or holding escaped <paramref name="content"/>.</summary>
    public void Element(string name, (string Name, string? Value)[] attributes, string? content = null)
    {
        Indent();
        sb.Append('<').Append(name);
        AppendAttributes(attributes);
        if (content is null)
        {
            sb.Append("/>\n");
            return;
        }
        sb.Append('>');
        XmlText.Append(sb, content);
        sb.Append("</").Append(name).Append(">\n");
    }

    private void AppendAttributes((string Name, string? Value)[] attributes)
    {
        foreach (var (attribute, value) in attributes)
        {
            if (value is null) continue;
            sb.Append(' ').Append(attribute).Append("=\"");
            XmlText.Append(sb, value);
            sb.Append('"');
        }
    }

    private void Indent() => sb.Append(' ', 2 * depth);
}
