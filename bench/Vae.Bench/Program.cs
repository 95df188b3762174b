using Vae.Bench;

// Benchmarks, one command per kernel family: `dotnet run -c Release --project bench/Vae.Bench -- gemm`.
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
    default:
        Console.Error.WriteLine("usage: Vae.Bench gemm [--double] [--no-peer] [--threads 1,2] [--seconds-per-case S] [--rounds R] | gemm-threads | alloc | step [--threads 1,2] [--steps N]");
        return 2;
}
