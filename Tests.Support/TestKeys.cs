namespace BackSignal.Tests.Infrastructure;

/// <summary>Keys for tests in the form the app requires (base64 of 32 bytes), distinct per letter.</summary>
public static class TestKeys
{
    public static string Of(char letter) => Convert.ToBase64String(Enumerable.Repeat((byte)letter, 32).ToArray());
}
