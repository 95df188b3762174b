using Vae.Core.Serialization;
using Vae.Core.Tests.Data;

namespace Vae.Core.Tests.Serialization;

public class AtomicFileTests
{
    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_behind()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.bin");
        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        AtomicFile.WriteAllBytes(path, new byte[] { 4, 5 });
        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Equal(["x.bin"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    /// <summary>A writer that dies half-way (here: throws after writing part of the new content) leaves the old file intact and no temporary file.</summary>
    [Fact]
    public void A_write_that_fails_half_way_leaves_the_previous_file_intact()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.bin");
        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            stream.Flush();
            throw new IOException("disk full");
        }));
        Assert.Equal("disk full", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["x.bin"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Writing_into_a_missing_directory_fails_and_creates_nothing()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllBytes(Path.Combine(dir.Path, "missing", "x.bin"), new byte[] { 1 }));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
