using System.Xml;
using System.Xml.Linq;

namespace Vae.Cli.Verification;

/// <summary>Reads the test results of a Visual Studio TRX report (what <c>dotnet test --logger trx</c> writes).</summary>
internal static class TrxReport
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Every <c>UnitTestResult</c> of the report at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">The file is not a TRX report.</exception>
    public static IReadOnlyList<TestOutcome> Read(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"the test report '{path}' is not XML: {e.Message}", e);
        }
        if (document.Root?.Name != Ns + "TestRun") throw new InvalidDataException($"the test report '{path}' is not a TRX TestRun.");
        return
        [
            .. document.Descendants(Ns + "UnitTestResult").Select(r => new TestOutcome(
                (string?)r.Attribute("testName") ?? "?",
                (string?)r.Attribute("outcome") ?? "?",
                (string?)r.Element(Ns + "Output")?.Element(Ns + "ErrorInfo")?.Element(Ns + "Message"))),
        ];
    }
}
