using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Vae.Core.Kernels;

/// <summary>A unit of work split into numbered parts that may run on different threads.</summary>
internal abstract class ParallelJob
{
    /// <summary>
    /// Runs part <paramref name="part"/> (0-based): a fixed share of the work, or for a job that hands out
    /// work itself, whatever is left of it. Parts must not depend on each other.
    /// </summary>
    public abstract void Execute(int part);
}

/// <summary>
/// Persistent worker threads for compute kernels. Posting a job costs a few hundred nanoseconds (a
/// <c>Parallel.For</c> costs microseconds): a worker spins for <see cref="SpinMicroseconds"/> after each
/// part, waiting for the next, and only then blocks.
/// </summary>
/// <remarks>
/// A part a worker has not started by the time the caller finishes its own is run by the caller instead,
/// so a sleeping or descheduled worker delays nothing. One job runs at a time: a caller that finds the
/// workers busy (another thread's job, or a job started from inside a part) runs all parts itself, which
/// gives the same results since parts are independent.
/// </remarks>
internal static class ComputeWorkers
{
    /// <summary>How long an idle worker spins before it blocks.</summary>
    public const int SpinMicroseconds = 100;

    private static readonly object GrowLock = new();
    private static volatile Worker[] workers = [];
    private static int busy;

    /// <summary>
    /// Runs parts 0..<paramref name="parts"/>-1 of <paramref name="job"/>, part 0 on the calling thread and
    /// the others on workers, and returns when all are done. An exception from a part is rethrown here
    /// after every part has finished.
    /// </summary>
    public static void Run(ParallelJob job, int parts)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) job.Execute(part);
            return;
        }
        try
        {
            var pool = Workers(parts - 1);
            for (int part = 1; part < parts; part++) pool[part - 1].Post(job, part);
            Exception? error = null;
            try
            {
                job.Execute(0);
            }
            catch (Exception e)
            {
                error = e;
            }
            for (int part = 1; part < parts; part++)
            {
                var e = pool[part - 1].WaitDone();
                error ??= e;
            }
            if (error is not null) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static Worker[] Workers(int needed)
    {
        var current = workers;
        if (current.Length >= needed) return current;
        lock (GrowLock)
        {
            current = workers;
            if (current.Length >= needed) return current;
            var grown = new Worker[needed];
            current.CopyTo(grown, 0);
            for (int i = current.Length; i < needed; i++) grown[i] = new Worker(i + 1);
            workers = grown;
            return grown;
        }
    }

    private sealed class Worker
    {
        private const int Idle = 0, Posted = 1, Running = 2, Done = 3, Taken = 4;
        private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

        private readonly object gate = new();
        private ParallelJob? job;
        private int part;
        private Exception? error;
        private int state;
        private volatile bool sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Vae compute worker {index}" };
            thread.Start();
        }

        public void Post(ParallelJob work, int index)
        {
            job = work;
            part = index;
            error = null;
            Interlocked.Exchange(ref state, Posted); // full fence: publishes the fields, orders the read below
            if (sleeping)
                lock (gate) Monitor.Pulse(gate);
        }

        /// <summary>
        /// Waits for the posted part, or runs it on the calling thread if the worker has not started it
        /// yet (it is asleep or descheduled), so a slow wake-up never costs more than doing the part here.
        /// </summary>
        public Exception? WaitDone()
        {
            if (Interlocked.CompareExchange(ref state, Taken, Posted) == Posted)
            {
                try
                {
                    job!.Execute(part);
                }
                catch (Exception e)
                {
                    error = e;
                }
            }
            else
            {
                long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
                var wait = new SpinWait();
                while (Volatile.Read(ref state) != Done)
                {
                    if (Stopwatch.GetTimestamp() < spinUntil) Thread.SpinWait(1);
                    else wait.SpinOnce(sleep1Threshold: -1);
                }
            }
            job = null;
            Volatile.Write(ref state, Idle);
            return error;
        }

        private void Loop()
        {
            while (true)
            {
                WaitPosted();
                if (Interlocked.CompareExchange(ref state, Running, Posted) != Posted) continue; // taken by the poster
                try
                {
                    job!.Execute(part);
                }
                catch (Exception e)
                {
                    error = e;
                }
                Volatile.Write(ref state, Done);
            }
        }

        private void WaitPosted()
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref state) != Posted)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(1);
                    continue;
                }
                lock (gate)
                {
                    sleeping = true;
                    Interlocked.MemoryBarrier(); // pairs with the fence in Post: one side sees the other
                    while (Volatile.Read(ref state) != Posted) Monitor.Wait(gate);
                    sleeping = false;
                }
            }
        }
    }
}
