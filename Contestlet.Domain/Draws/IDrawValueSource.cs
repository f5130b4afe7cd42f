namespace Contestlet.Domain.Draws;

/// <summary>Where the draw takes its 64-bit values from: <see cref="DrawStream"/> in every real draw, a scripted source in tests.</summary>
public interface IDrawValueSource
{
    ulong NextValue();
}
