using System.Globalization;
using System.Xml;
using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// The Workout elements of an Apple Health export.xml, streamed with XmlReader so that a file of hundreds of MB
/// keeps memory flat. Real exports begin with an internal DTD: it is ignored, and no external entity is ever
/// resolved (an entity bomb meets an undeclared entity and stops with a clear error). Reads the older layout
/// (totalDistance and totalEnergyBurned attributes) and the newer one (WorkoutStatistics children, where the
/// heart rate average and maximum live).
/// </summary>
internal static class AppleHealthReader
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss zzz";
    private const string TypePrefix = "HKWorkoutActivityType";

    public static XmlReaderSettings Settings =>
        new()
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersFromEntities = 1024,
            CloseInput = false,
        };

    public static void Read(Stream stream, string file, ImportCollector into)
    {
        into.Format(ExportFormat.AppleHealth);
        using var xml = XmlReader.Create(stream, Settings);
        var info = (IXmlLineInfo)xml;
        var garbage = new GarbageBound();
        var elements = 0;
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                    continue;
                // Looking at the thread's allocations costs little, but not nothing: once in a while is enough.
                if (++elements % 4096 == 0)
                    garbage.Check();
                if (xml.Depth == 0 && xml.LocalName != "HealthData")
                    throw new ImportException(
                        file,
                        $"The root element is <{xml.LocalName}>, not <HealthData>: not an Apple Health export.",
                        info.LineNumber
                    );
                if (xml.LocalName == "Workout")
                    ReadWorkout(xml, info, file, into);
            }
        }
        catch (XmlException e)
        {
            into.Reject(
                file,
                e.LineNumber,
                null,
                $"The XML is broken here ({e.Message}); the rest of the file was not read."
            );
        }
    }

    private static void ReadWorkout(XmlReader xml, IXmlLineInfo info, string file, ImportCollector into)
    {
        var line = info.LineNumber;
        var type = xml.GetAttribute("workoutActivityType") ?? "";
        var startText = xml.GetAttribute("startDate");
        var endText = xml.GetAttribute("endDate");
        var durationText = xml.GetAttribute("duration");
        var durationUnit = xml.GetAttribute("durationUnit") ?? "min";
        double? avgHr = null,
            maxHr = null;

        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "WorkoutStatistics")
                    continue;
                if (xml.GetAttribute("type") != "HKQuantityTypeIdentifierHeartRate")
                    continue;
                if (
                    double.TryParse(
                        xml.GetAttribute("average"),
                        NumberStyles.Float,
                        CultureInfo.InvariantCulture,
                        out var a
                    )
                )
                    avgHr = Math.Round(a, 1);
                if (
                    double.TryParse(
                        xml.GetAttribute("maximum"),
                        NumberStyles.Float,
                        CultureInfo.InvariantCulture,
                        out var m
                    )
                )
                    maxHr = Math.Round(m, 1);
            }
        }

        if (
            !DateTimeOffset.TryParseExact(
                startText,
                DateFormat,
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var start
            )
        )
        {
            into.Reject(file, line, "startDate", $"'{startText}' is not a date such as 2019-03-14 07:41:57 -0700");
            return;
        }
        double minutes;
        if (
            double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration)
            && double.IsFinite(duration)
        )
            minutes = durationUnit switch
            {
                "s" or "sec" => duration / 60,
                "hr" or "h" => duration * 60,
                _ => duration,
            };
        else if (
            DateTimeOffset.TryParseExact(
                endText,
                DateFormat,
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var end
            )
        )
            minutes = (end - start).TotalMinutes;
        else
        {
            into.Reject(
                file,
                line,
                "duration",
                $"neither a duration ('{durationText}') nor an endDate ('{endText}') can be read"
            );
            return;
        }

        var activity = type.StartsWith(TypePrefix, StringComparison.Ordinal) ? type[TypePrefix.Length..] : type;
        into.Add(
            new WorkoutSummary
            {
                AthleteId = into.Context.AthleteId,
                Source = "apple-health",
                Start = start,
                DurationMin = Math.Round(minutes, 2),
                Title = Words(activity),
                AvgHr = avgHr,
                MaxHr = maxHr,
                Sport = Sports.FromName(Words(activity)),
            },
            file,
            line
        );
    }

    /// <summary>"TraditionalStrengthTraining" → "Traditional Strength Training".</summary>
    private static string Words(string camel)
    {
        var chars = new List<char>(camel.Length + 8);
        for (var i = 0; i < camel.Length; i++)
        {
            if (i > 0 && char.IsUpper(camel[i]) && !char.IsUpper(camel[i - 1]))
                chars.Add(' ');
            chars.Add(camel[i]);
        }
        return new string([.. chars]);
    }
}
