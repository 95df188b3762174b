using System.Globalization;
using System.Text;
using Vae.Cli.Commands;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;

namespace Vae.Cli.Tests;

/// <summary>A tiny miwae (latent 1, hidden 8, 2 epochs) trained on a 120-row CSV of three correlated columns around 100 with missing cells.</summary>
public sealed class MissingDataRunFixture : IDisposable
{
    private readonly TempDirectory directory = new();

    public MissingDataRunFixture()
    {
        var rng = new Random(1);
        var lines = new List<string> { "a,b,c" };
        for (int i = 0; i < 120; i++)
        {
            double x = rng.NextDouble();
            double[] row = [100 + x, 100 + 2 * x, 100 - x];
            lines.Add(string.Join(',', row.Select((v, j) => (i + j) % 7 == 0 ? "" : v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.WriteAllLines(Data, lines);
        var result = CliRunner.Run("train", "--data", Data, "--latent", "1", "--hidden", "8", "--batch", "32", "--epochs", "2", "--out", Run);
        if (result.ExitCode != 0) throw new InvalidOperationException("training the shared miwae failed: " + result.Error);
    }

    /// <summary>The training CSV.</summary>
    public string Data => directory.File("train.csv");

    /// <summary>The run's directory.</summary>
    public string Run => directory.File("run");

    /// <summary>The run's model, rebuilt here with the library from the sizes miwae documents and loaded from the checkpoint.</summary>
    public Vae<float> Model()
    {
        var vae = new Vae<float>(new VaeOptions<float>
        {
            InputSize = 3, LatentSize = 1, HiddenSizes = [8], Likelihood = GaussianLikelihood<float>.Learned(3), EncoderSeesMask = true,
        }, Rng.Create(1));
        Checkpoint.Load(Run).LoadParameters(new ParameterSet<float>(vae));
        return vae;
    }

    /// <summary>The run's standardisation: fitted on its training split (seed 0, test fraction 0.2) of the CSV.</summary>
    public Standardizer Standardizer() => Core.Data.Standardizer.Fit(CsvReader.Read(Data).ToDataset<float>().Split(0.2, 0).Train);

    public void Dispose() => directory.Dispose();
}

/// <summary>
/// <c>vae impute</c>: the missing cells get the library's importance-sampled imputations in the file's units;
/// every other byte of the input survives.
/// </summary>
public class ImputeTests(MissingDataRunFixture run) : IClassFixture<MissingDataRunFixture>
{
    /// <summary>
    /// An input in the awkward forms CSV allows: a UTF-8 byte-order mark, CR LF line ends, numbers typed
    /// with trailing zeros, an exponent, spaces and quotes, and every missing marker (empty, NA, NaN with
    /// spaces, an empty quoted field); row 3 is complete and row 4 has nothing observed.
    /// </summary>
    private static readonly string[][] Cells =
    [
        ["100.50", "", "99.50"],
        [" 1.003e2", "NA", "\"99.70\""],
        ["", " NaN ", "99.2"],
        ["100.1", "100.2", "99.9"],
        ["\"\"", "", "NA"],
    ];

    private static byte[] Csv(string[][] cells) =>
        [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a,b,c\r\n" + string.Concat(cells.Select(r => string.Join(',', r) + "\r\n")))];

    private static bool IsMissing(string cell) => cell.Trim() is "" or "NA" or "NaN" or "\"\"";

    /// <summary>The input with each missing cell replaced by the printed value of <paramref name="imputed"/> [5, 3].</summary>
    private static byte[] Expected(Tensor<float> imputed)
    {
        var values = imputed.ReadOnlySpan;
        var cells = new string[Cells.Length][];
        for (int r = 0; r < Cells.Length; r++)
        {
            cells[r] = new string[3];
            for (int c = 0; c < 3; c++) cells[r][c] = IsMissing(Cells[r][c]) ? values[r * 3 + c].ToString(CultureInfo.InvariantCulture) : Cells[r][c];
        }
        return Csv(cells);
    }

    /// <summary>The input in the model's space: read, then standardised with the run's training statistics.</summary>
    private Dataset<float> Standardised(string path) => run.Standardizer().Apply(CsvReader.Read(path).ToDataset<float>());

    [Fact]
    public void Single_imputation_fills_only_the_missing_cells_with_the_library_s_conditional_means()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.csv"), output = dir.File("out.csv");
        File.WriteAllBytes(input, Csv(Cells));
        var result = CliRunner.Run("impute", "-c", run.Run, "--input", input, "--output", output, "--samples", "50", "--seed", "4");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"imputed 7 missing cells in 5 rows of '{input}' (the conditional mean, K = 50) into '{output}'", result.Output.TrimEnd());

        var x = Standardised(input);
        var imputed = Imputation.Single(run.Model(), x.Features, x.Mask!, Rng.Create(4), 50, null, 32768);
        byte[] expected = Expected(run.Standardizer().Invert(imputed));
        Assert.Equal(expected, File.ReadAllBytes(output));

        var toStandardOutput = CliRunner.Run("impute", "-c", run.Run, "-i", input, "-o", "-", "-k", "50", "--seed", "4");
        Assert.Equal(Encoding.UTF8.GetString(expected), toStandardOutput.Output);
    }

    /// <summary>Three completions drawn by the library's multiple imputation, one file each; the draws differ where cells were missing.</summary>
    [Fact]
    public void Multiple_imputation_writes_one_completed_file_per_draw()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.csv");
        File.WriteAllBytes(input, Csv(Cells));
        var result = CliRunner.Run("impute", "-c", run.Run, "-i", input, "-o", dir.File("completed.csv"), "--multiple", "3", "-k", "20", "--seed", "9");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(3 draws, K = 20) into", result.Output);

        var x = Standardised(input);
        var draws = Imputation.Multiple(run.Model(), x.Features, x.Mask!, 3, Rng.Create(9), 20, null, 32768);
        var files = Enumerable.Range(1, 3).Select(m => File.ReadAllBytes(dir.File($"completed-{m}.csv"))).ToArray();
        for (int m = 0; m < 3; m++) Assert.Equal(Expected(run.Standardizer().Invert(draws[m])), files[m]);
        Assert.Equal(3, files.Distinct(new BytesComparer()).Count());
    }

    [Fact]
    public void Impute_refuses_bad_requests_and_inputs_with_one_line()
    {
        using var dir = new TempDirectory();
        string input = dir.File("in.csv");
        File.WriteAllBytes(input, Csv(Cells));
        void Fails(int code, string expected, params string[] args)
        {
            var result = CliRunner.Run(["impute", "-c", run.Run, .. args]);
            Assert.Equal(code, result.ExitCode);
            Assert.Contains(expected, Assert.Single(result.ErrorLines));
        }

        Fails(2, "Option '--input' is required", "-o", dir.File("o.csv"));
        Fails(2, "--samples must be at least 1; got 0.", "-i", input, "-o", dir.File("o.csv"), "-k", "0");
        Fails(2, "--multiple must be at least 1; got 0.", "-i", input, "-o", dir.File("o.csv"), "-m", "0");
        Fails(2, "--multiple writes M files; give --output a file name, not -.", "-i", input, "-o", "-", "-m", "2");
        Fails(2, $"--output would overwrite the input '{input}'", "-i", input, "-o", input);
        Fails(1, "Could not find file", "-i", dir.File("nothing.csv"), "-o", dir.File("o.csv"));

        File.WriteAllLines(dir.File("two.csv"), ["a,b", "1,"]);
        Fails(1, $"'{dir.File("two.csv")}' has 2 columns; the model was trained on 3.", "-i", dir.File("two.csv"), "-o", dir.File("o.csv"));
        File.WriteAllLines(dir.File("order.csv"), ["a,c,b", "1,,3"]);
        Fails(1, "has the columns a,c,b; the model was trained on a,b,c (in that order).", "-i", dir.File("order.csv"), "-o", dir.File("o.csv"));
        File.WriteAllText(dir.File("wide.csv"), "a,b,c\n1,,3\n", Encoding.Unicode);
        Fails(1, "is UTF-16 or UTF-32 text", "-i", dir.File("wide.csv"), "-o", dir.File("o.csv"));
        Assert.False(File.Exists(dir.File("o.csv")));
    }

    [Fact]
    public void A_conditional_model_cannot_impute_without_labels()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--model", "cvae", "--epochs", "1", "--out", dir.File("run"))]).ExitCode);
        File.WriteAllLines(dir.File("in.csv"), [string.Join(',', Enumerable.Range(0, 64).Select(i => $"x{i}")), string.Join(',', Enumerable.Repeat("0.5", 63)) + ","]);
        var result = CliRunner.Run("impute", "-c", dir.File("run"), "-i", dir.File("in.csv"), "-o", dir.File("out.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot impute with the cvae model: it needs each row's class label, which the input does not give.", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("out.csv", 2, "out-2.csv")]
    [InlineData("dir/run.data.csv", 10, "dir/run.data-10.csv")]
    [InlineData("completed", 1, "completed-1")]
    [InlineData(".hidden", 3, ".hidden-3")]
    public void Multiple_outputs_are_numbered_before_the_extension(string path, int index, string expected) =>
        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), ImputeCommand.Numbered(path.Replace('/', Path.DirectorySeparatorChar), index));

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes) => bytes.Length;
    }
}
