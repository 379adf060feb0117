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
        using var csv = new CsvReader(
            reader,
            new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' }
        );
        var byName = new Dictionary<string, ExerciseInfo>();
        foreach (var row in csv.GetRecords<CatalogRow>())
        {
            var info = new ExerciseInfo(
                row.name,
                Enum.Parse<MovementPattern>(row.pattern, ignoreCase: true),
                row.spine_factor,
                "name"
            );
            byName[Normalize(row.name)] = info;
        }
        return new ExerciseCatalog(byName);
    }

    // Order matters: the first match wins, the most spine-specific first.
    private static readonly (Regex Pattern, MovementPattern Movement, double Factor)[] Keywords =
    [
        (K(@"hip thrust|glute bridge|pull[- ]?through"), MovementPattern.Hinge, 0.3),
        (K(@"hyperextension|back extension"), MovementPattern.Hinge, 0.5),
        // Fast or light hinges first (reasons in exercises.csv): swings, then the pulls, then the Olympic lifts.
        (K(@"swing"), MovementPattern.Hinge, 0.3),
        (K(@"(clean|snatch) ?(grip )?(high )?pull"), MovementPattern.Hinge, 0.6),
        (K(@"\bclean\b|snatch(?! grip deadlift)"), MovementPattern.Hinge, 0.4),
        (K(@"deadlift|\brdl\b|rack pull|good ?morning"), MovementPattern.Hinge, 1.0),
        (K(@"leg press|hack squat.*machine|pendulum|belt squat"), MovementPattern.Squat, 0.0),
        (K(@"split squat|lunge|step[- ]?up"), MovementPattern.Lunge, 0.4),
        (K(@"squat|thruster"), MovementPattern.Squat, 0.8),
        (K(@"carry|farmer|yoke"), MovementPattern.Carry, 0.6),
        (K(@"bent[- ]over row|pendlay|barbell row|t[- ]?bar row|yates"), MovementPattern.Row, 0.5),
        (K(@"rowing|rower|erg\b"), MovementPattern.Cardio, 0.0),
        (K(@"\brow\b"), MovementPattern.Row, 0.0),
        (
            K(@"seated.*press|press.*seated|machine|bench|incline|decline|push[- ]?up|\bdip|fly|chest press"),
            MovementPattern.Press,
            0.0
        ),
        (K(@"overhead press|military|push press|jerk|shoulder press|\bohp\b"), MovementPattern.Press, 0.3),
        (K(@"pull[- ]?up|chin[- ]?up|pulldown|pull[- ]?down"), MovementPattern.Pull, 0.0),
        (K(@"plank|crunch|sit[- ]?up|twist|leg raise|knee raise|ab wheel|hollow"), MovementPattern.Core, 0.0),
        (K(@"curl|extension|raise|shrug|kickback|pushdown|abduct|adduct"), MovementPattern.Isolation, 0.0),
        (K(@"run|cycl|bike|walk|swim|hike|elliptical|stair|jump rope"), MovementPattern.Cardio, 0.0),
    ];

    private static Regex K(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // CsvHelper maps header names to these properties as they are spelled in the file.
#pragma warning disable IDE1006
    private sealed record CatalogRow(string name, string pattern, double spine_factor);
#pragma warning restore IDE1006
}
