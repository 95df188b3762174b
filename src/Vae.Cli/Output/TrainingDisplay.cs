using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Vae.Cli.Models;
using Vae.Core.Training;

namespace Vae.Cli.Output;

/// <summary>Runs a training body under the right progress display for the context.</summary>
internal static class TrainingDisplay
{
    /// <summary>
    /// Runs <paramref name="body"/> with a display of <paramref name="epochs"/> epochs of
    /// <paramref name="batches"/> steps, <paramref name="done"/> of which are already done (a resumed run).
    /// </summary>
    public static T Run<T>(CliContext context, int epochs, int batches, long done, Func<ITrainingProgress, T> body)
    {
        if (!context.Interactive) return body(new Lines(context.Output, epochs, batches, done));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Output),
            Interactive = InteractionSupport.Yes,
        });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"epoch {done / batches + 1}/{epochs}", maxValue: (double)epochs * batches);
                task.Value = done;
                return body(new Bar(task, epochs));
            });
    }

    /// <summary>The summary of an epoch: <c>epoch 3/10  train_loss 41.2345  test_elbo -42.0000  0.81 s</c>.</summary>
    private static string Summary(EpochReport report, int epochs, IReadOnlyList<Metric> metrics) =>
        string.Create(CultureInfo.InvariantCulture,
            $"epoch {report.Epoch}/{epochs}  train_loss {report.Loss:F4}{string.Concat(metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"  {m.Name} {m.Value:F4}")))}  {report.Seconds:F2} s");

    /// <summary>A line per epoch with an estimate of the time left (epochs left × this run's mean epoch time).</summary>
    private sealed class Lines(TextWriter output, int epochs, int batches, long done) : ITrainingProgress
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long steps;

        public void Step() => steps++;

        public void Epoch(EpochReport report, IReadOnlyList<Metric> metrics)
        {
            long total = (long)epochs * batches, left = total - done - steps;
            double eta = steps == 0 ? 0 : clock.Elapsed.TotalSeconds / steps * left;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Summary(report, epochs, metrics)}  eta {eta:F1} s"));
            output.Flush();
        }
    }

    /// <summary>A live Spectre.Console progress bar whose label shows the last epoch's metrics.</summary>
    private sealed class Bar(ProgressTask task, int epochs) : ITrainingProgress
    {
        public void Step() => task.Increment(1);

        public void Epoch(EpochReport report, IReadOnlyList<Metric> metrics) =>
            task.Description = Markup.Escape(Summary(report, epochs, metrics));
    }
}
