using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace BackSignal.Core.Model;

public enum MovementPattern
{
    Hinge,
    Squat,
    Lunge,
    Carry,
    Row,
    Press,
    Pull,
    Core,
    Isolation,
    Cardio,
    Other,
}

/// <summary>What the catalog knows of an exercise; <see cref="Matched"/> says whether by name or by keyword.</summary>
public sealed record ExerciseInfo(string Name, MovementPattern Pattern, double SpineFactor, string Matched);

/// <summary>
/// Exercise names as Strong and Hevy spell them, each with a movement pattern and a spine factor (the data file
/// Model/exercises.csv), with a keyword fallback for names it does not list. A name neither matches is unknown:
/// callers count and list it, never drop it silently.
/// </summary>
public sealed partial class ExerciseCatalog
{
    private readonly Dictionary<string, ExerciseInfo> _byName;

    private ExerciseCatalog(Dictionary<string, ExerciseInfo> byName) => _byName = byName;

    public static ExerciseCatalog Default { get; } = Load();

    public int Count => _byName.Count;

    // Names repeat on every set of an export: remember the answer per spelling (bounded, names are user text).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ExerciseInfo?> _seen = new(
        StringComparer.Ordinal
    );
    private const int MaxRemembered = 10_000;

    public ExerciseInfo? Find(string name)
    {
        if (_seen.TryGetValue(name, out var known))
            return known;
        var found = Lookup(name);
        if (_seen.Count < MaxRemembered)
            _seen.TryAdd(name, found);
        return found;
    }

    private ExerciseInfo? Lookup(string name)
    {
        var key = Normalize(name);
        if (_byName.TryGetValue(key, out var exact))
            return exact;
        foreach (var (pattern, movement, factor) in Keywords)
            if (pattern.IsMatch(key))
                return new ExerciseInfo(name, movement, factor, "keyword");
        return null;
    }

    private static string Normalize(string name) => Spaces().Replace(name.Trim().ToLowerInvariant(), " ");

    private static ExerciseCatalog Load()
    {
        using var stream =
            typeof(ExerciseCatalog).Assembly.GetManifestResourceStream("BackSignal.exercises.csv")
            ?? throw new InvalidOperationException("The exercise catalog resource is missing.");
        using var reader = new StreamReader(stream);
        // Read by column with the parser: mapping records would compile expression trees in every process.
        using var csv = new CsvParser(
            reader,
            new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' }
        );
        if (!csv.Read())
            throw new InvalidOperationException("The exercise catalog has no header.");
        var header = csv.Record ?? [];
        int name = Array.IndexOf(header, "name"),
            pattern = Array.IndexOf(header, "pattern"),
            factor = Array.IndexOf(header, "spine_factor");
        var byName = new Dictionary<string, ExerciseInfo>();
        while (csv.Read())
        {
            var info = new ExerciseInfo(
                csv[name],
                Enum.Parse<MovementPattern>(csv[pattern], ignoreCase: true),
                double.Parse(csv[factor], CultureInfo.InvariantCulture),
                "name"
            );
            byName[Normalize(info.Name)] = info;
        }
        return new ExerciseCatalog(byName);
    }

    // Order matters: the first match wins, the most spine-specific first.
    private static readonly (Regex Pattern, MovementPattern Movement, double Factor)[] Keywords =
    [
        (HipThrust(), MovementPattern.Hinge, 0.3),
        (BackExtension(), MovementPattern.Hinge, 0.5),
        // Fast or light hinges first (reasons in exercises.csv): swings, then the pulls, then the Olympic lifts.
        (Swing(), MovementPattern.Hinge, 0.3),
        (OlympicPull(), MovementPattern.Hinge, 0.6),
        (OlympicLift(), MovementPattern.Hinge, 0.4),
        (Deadlift(), MovementPattern.Hinge, 1.0),
        (MachineSquat(), MovementPattern.Squat, 0.0),
        (Lunge(), MovementPattern.Lunge, 0.4),
        (Squat(), MovementPattern.Squat, 0.8),
        (Carry(), MovementPattern.Carry, 0.6),
        (HeavyRow(), MovementPattern.Row, 0.5),
        (Rower(), MovementPattern.Cardio, 0.0),
        (Row(), MovementPattern.Row, 0.0),
        (MachinePress(), MovementPattern.Press, 0.0),
        (OverheadPress(), MovementPattern.Press, 0.3),
        (Pull(), MovementPattern.Pull, 0.0),
        (Core(), MovementPattern.Core, 0.0),
        (Isolation(), MovementPattern.Isolation, 0.0),
        (Cardio(), MovementPattern.Cardio, 0.0),
    ];

    // Source-generated: compiling 19 patterns at run time cost every process that loads the catalog its time and the
    // memory of the emitted code.
    private const RegexOptions Keyword = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"hip thrust|glute bridge|pull[- ]?through", Keyword)]
    private static partial Regex HipThrust();

    [GeneratedRegex(@"hyperextension|back extension", Keyword)]
    private static partial Regex BackExtension();

    [GeneratedRegex(@"swing", Keyword)]
    private static partial Regex Swing();

    [GeneratedRegex(@"(clean|snatch) ?(grip )?(high )?pull", Keyword)]
    private static partial Regex OlympicPull();

    [GeneratedRegex(@"\bclean\b|snatch(?! grip deadlift)", Keyword)]
    private static partial Regex OlympicLift();

    [GeneratedRegex(@"deadlift|\brdl\b|rack pull|good ?morning", Keyword)]
    private static partial Regex Deadlift();

    [GeneratedRegex(@"leg press|hack squat.*machine|pendulum|belt squat", Keyword)]
    private static partial Regex MachineSquat();

    [GeneratedRegex(@"split squat|lunge|step[- ]?up", Keyword)]
    private static partial Regex Lunge();

    [GeneratedRegex(@"squat|thruster", Keyword)]
    private static partial Regex Squat();

    [GeneratedRegex(@"carry|farmer|yoke", Keyword)]
    private static partial Regex Carry();

    [GeneratedRegex(@"bent[- ]over row|pendlay|barbell row|t[- ]?bar row|yates", Keyword)]
    private static partial Regex HeavyRow();

    [GeneratedRegex(@"rowing|rower|erg\b", Keyword)]
    private static partial Regex Rower();

    [GeneratedRegex(@"\brow\b", Keyword)]
    private static partial Regex Row();

    [GeneratedRegex(
        @"seated.*press|press.*seated|machine|bench|incline|decline|push[- ]?up|\bdip|fly|chest press",
        Keyword
    )]
    private static partial Regex MachinePress();

    [GeneratedRegex(@"overhead press|military|push press|jerk|shoulder press|\bohp\b", Keyword)]
    private static partial Regex OverheadPress();

    [GeneratedRegex(@"pull[- ]?up|chin[- ]?up|pulldown|pull[- ]?down", Keyword)]
    private static partial Regex Pull();

    [GeneratedRegex(@"plank|crunch|sit[- ]?up|twist|leg raise|knee raise|ab wheel|hollow", Keyword)]
    private static partial Regex Core();

    [GeneratedRegex(@"curl|extension|raise|shrug|kickback|pushdown|abduct|adduct", Keyword)]
    private static partial Regex Isolation();

    [GeneratedRegex(@"run|cycl|bike|walk|swim|hike|elliptical|stair|jump rope", Keyword)]
    private static partial Regex Cardio();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
