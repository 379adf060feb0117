using BackSignal.DevHost;

namespace BackSignal.Cli.Infrastructure;

/// <summary>
/// `--data DIR` (or `--data=DIR`) before or after the command: where a started Azurite keeps this run's data and this
/// machine's secrets. It outranks BACKSIGNAL_DATA, which outranks the clone's `.azurite/` and the per-user folder.
/// </summary>
internal static class DataOption
{
    public static string[] Apply(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            string? folder = null;
            if (args[i] == "--data" && i + 1 < args.Length)
                folder = args[++i];
            else if (args[i].StartsWith("--data=", StringComparison.Ordinal))
                folder = args[i]["--data=".Length..];
            if (folder is null)
                rest.Add(args[i]);
            else
                Environment.SetEnvironmentVariable(LocalEnvironment.DataSetting, Path.GetFullPath(folder));
        }
        return [.. rest];
    }
}
