using Vae.Core.Serialization;

namespace Vae.Core.Tests.Serialization;

public sealed class AtomicFileTextTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("vae-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void CreatesThenReplacesAndLeavesOnlyTheTarget()
    {
        string path = Path.Combine(folder, "figure.svg");
        AtomicFile.WriteAllText(path, "first é");
        Assert.Equal([0x66, 0x69, 0x72, 0x73, 0x74, 0x20, 0xC3, 0xA9], File.ReadAllBytes(path)); // UTF-8, no BOM
        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void AMissingFolderFailsWithoutLeavingAnything()
    {
        string path = Path.Combine(folder, "missing", "figure.png");
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllBytes(path, new byte[] { 1 }));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    /// <summary>When the rename fails (the target is a folder), the temporary file is removed and the folder is untouched.</summary>
    [Fact]
    public void AFailedRenameRemovesTheTemporaryFile()
    {
        string target = Path.Combine(folder, "taken");
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(target, "x"));
        Assert.Equal([target], Directory.GetFileSystemEntries(folder));
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }
}
