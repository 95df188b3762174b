using System.Runtime.InteropServices;

namespace Vae.Core.Kernels;

/// <summary>
/// A thread's packing buffers: one page-aligned native block that grows to the largest size asked for and
/// is then reused, so steady-state calls allocate nothing. Freed by the finalizer when its thread dies.
/// </summary>
/// <remarks>
/// Page alignment matters: with only cache-line alignment the buffers of two threads can share pages and
/// 4 KiB-aliasing patterns, which made the second thread 2-2.5× slower on small products.
/// </remarks>
internal sealed unsafe class GemmBuffers
{
    private const nuint PageBytes = 4096;

    [ThreadStatic] private static GemmBuffers? current;

    private byte* block;
    private nuint capacity;

    private GemmBuffers() { }

    ~GemmBuffers()
    {
        if (block != null) NativeMemory.AlignedFree(block);
    }

    /// <summary>
    /// The calling thread's buffers, holding at least <paramref name="firstBytes"/> and then
    /// <paramref name="secondBytes"/> bytes at two page-aligned addresses.
    /// </summary>
    public static void ForCurrentThread(nuint firstBytes, nuint secondBytes, out byte* first, out byte* second)
    {
        var buffers = current ??= new GemmBuffers();
        nuint firstRounded = (firstBytes + PageBytes - 1) & ~(PageBytes - 1);
        nuint needed = firstRounded + secondBytes;
        if (needed > buffers.capacity)
        {
            if (buffers.block != null) NativeMemory.AlignedFree(buffers.block);
            buffers.block = null;
            buffers.capacity = 0;
            buffers.block = (byte*)NativeMemory.AlignedAlloc(needed, PageBytes);
            buffers.capacity = needed;
        }
        first = buffers.block;
        second = buffers.block + firstRounded;
    }
}
