using Vae.Bench;

// Benchmarks, one command per kernel family or workload: `dotnet run -c Release --project bench/Vae.Bench -- gemm`.
const string usage = "usage: Vae.Bench gemm [--double] [--no-peer] [--threads 1,2] [--seconds-per-case S] [--rounds R] | gemm-threads | alloc | step [--threads 1,2] [--steps N]\n" +
    "       | train [--epochs 3] [--seed 1] [--threads 1,2] [--rounds 1] [--peer-threads TORCH,BLAS] [--markdown PATH] [--paper paper/results/speed.json] [--init pytorch|glorot] [--no-peer]\n" +
    "       | loglik [--k 1000] [--images 1000] [--threads 1,2] [--seed 1] [--rounds 1] [--checkpoint PATH] [--weights-out PATH] [--peer-threads TORCH,BLAS] [--init pytorch|glorot] [--rows-per-pass N] [--markdown PATH] [--paper paper/results/speed.json] [--no-peer]";
try
{
    switch (args.Length > 0 ? args[0] : "")
    {
        case "gemm":
            return GemmBench.Run(args[1..]);
        case "gemm-threads":
            return GemmThreadsBench.Run();
        case "alloc":
            return StepAllocationBench.Run();
        case "step":
            return StepProfileBench.Run(args[1..]);
        case "train":
            return TrainBench.Run(args[1..]);
        case TrainWorker.Command:
            return TrainWorker.Run(args[1..]);
        case "loglik":
            return LogLikelihoodBench.Run(args[1..]);
        default:
            Console.Error.WriteLine(usage);
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Vae.Bench: {e.Message}");
    Console.Error.WriteLine(usage);
    return 2;
}
catch (Exception e) when (e is FormatException or InvalidOperationException)
{
    // A child process failed or printed something unexpected: say which and what, loudly.
    Console.Error.WriteLine($"Vae.Bench: {e.Message}");
    return 1;
}
