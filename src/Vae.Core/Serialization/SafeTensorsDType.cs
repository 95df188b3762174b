namespace Vae.Core.Serialization;

/// <summary>The element types this library reads and writes in safetensors files (the format's own names).</summary>
public enum SafeTensorsDType
{
    /// <summary>IEEE 754 binary32, little-endian (PyTorch's <c>torch.float32</c>).</summary>
    F32,

    /// <summary>IEEE 754 binary64, little-endian (PyTorch's <c>torch.float64</c>).</summary>
    F64,
}
