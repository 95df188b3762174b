using System.Text;
using Vae.Core.Randomness;
using Vae.Figures.Png;

namespace Vae.Figures.Tests.Png;

public class Crc32Tests
{
    /// <summary>The standard check value of CRC-32/ISO-HDLC: CRC("123456789") = 0xCBF43926.</summary>
    [Fact]
    public void CheckValueOfTheDigitsOneToNine()
    {
        byte[] digits = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(digits));
        Assert.Equal(0xCBF43926u, ReferencePngDecoder.BitwiseCrc32(digits));
    }

    /// <summary>Published values: the empty input (0), and the IEND chunk's type, whose CRC every PNG ends with (AE 42 60 82).</summary>
    [Fact]
    public void KnownValuesOfEmptyInputAndIend()
    {
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0xAE426082u, Crc32.Compute(Encoding.ASCII.GetBytes("IEND")));
    }

    [Fact]
    public void TableDrivenAgreesWithBitwiseAndUpdatesInPieces()
    {
        var rng = Rng.Create(31);
        for (int length = 0; length < 300; length += 7)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte)rng.NextUInt32();
            uint expected = ReferencePngDecoder.BitwiseCrc32(data);
            Assert.Equal(expected, Crc32.Compute(data));
            int split = length / 3;
            Assert.Equal(expected, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, data.AsSpan(0, split)), data.AsSpan(split))));
        }
    }
}
