namespace Vae.Probabilistic; internal static class Placeholder {}
