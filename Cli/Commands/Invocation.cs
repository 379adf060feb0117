namespace BackSignal.Cli.Commands;

/// <summary>
/// How to run a command on this machine: `dotnet run --project Cli -- …` when this is the build in a clone (as the
/// README runs it), `backsignal …` only when it was installed as a command.
/// </summary>
internal static class Invocation
{
    public static string Of(string command)
    {
        var path = Environment.ProcessPath ?? "";
        var built =
            Path.GetFileNameWithoutExtension(path) is "dotnet"
            || path.Replace('\\', '/').Contains("/bin/", StringComparison.Ordinal);
        return built ? $"dotnet run --project Cli -- {command}" : $"backsignal {command}";
    }
}
