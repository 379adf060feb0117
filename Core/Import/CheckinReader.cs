using System.Text.Json;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Pain check-ins (docs/checkin.md) from a file: one object, an array, or JSON lines; each validated, bad ones
/// reported by line.
/// </summary>
public static class CheckinReader
{
    public const long MaxFileBytes = 16L << 20;

    public static ReadResult<PainCheckin> Read(string path, string? athleteId, DateOnly? today)
    {
        var file = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            throw new ImportException(
                file,
                $"{info.Length:N0} bytes is over the {MaxFileBytes:N0}-byte limit for check-ins.",
                kind: ImportFailure.OverLimit
            );
        var utf8 = File.ReadAllBytes(path);
        var items = new List<PainCheckin>();
        var rejected = new List<RejectedRow>();
        var span = utf8.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
            span = span[3..];
        var bytes = span.ToArray();
        foreach (
            var (line, start, length) in CanonicalJsonReader.Documents(
                bytes,
                (l, reason) => rejected.Add(new RejectedRow(file, (int)l, null, reason))
            )
        )
        {
            var (parsed, error) = CheckinValidation.Parse(System.Text.Encoding.UTF8.GetString(bytes, start, length));
            if (parsed is not { } checkin)
            {
                rejected.Add(new RejectedRow(file, (int)line, null, error!));
                continue;
            }
            if (string.IsNullOrEmpty(checkin.AthleteId) && athleteId is not null)
                checkin = checkin with { AthleteId = athleteId };
            // A bad answer is dropped (and reported); the check-in stays unless who or when is wrong.
            var (cleaned, problems) = CheckinValidation.Clean(checkin, today);
            rejected.AddRange(problems.Select(p => new RejectedRow(file, (int)line, p.Field, p.Reason)));
            if (!problems.Any(CheckinValidation.IsFatal))
                items.Add(cleaned);
        }
        return new ReadResult<PainCheckin>(items, rejected);
    }
}
