using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// Where readers put what they find: validates each workout, counts sets and unknown exercise names, and keeps
/// every rejected row (up to a limit, then only the count), so that nothing is lost without a trace.
/// </summary>
public sealed class ImportCollector(ImportContext context, ExerciseCatalog? catalog = null)
{
    private readonly ExerciseCatalog _catalog = catalog ?? ExerciseCatalog.Default;

    // Keyed by workout id: the same workout twice in one file (or in two files of a zip) counts once.
    private readonly Dictionary<string, WorkoutSummary> _workouts = [];
    private readonly List<RejectedRow> _rejected = [];
    private readonly List<ImportWarning> _warnings = [];
    private readonly Dictionary<string, int> _unknown = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _skipped = [];
    private readonly List<ExportFormat> _formats = [];
    private long _sets;

    public ImportContext Context { get; } = context;

    /// <summary>Rows with no usable workout in them.</summary>
    public int RejectedCount { get; private set; }

    /// <summary>Values dropped from rows and workouts that were kept.</summary>
    public int WarningCount { get; private set; }

    public void Format(ExportFormat format)
    {
        if (!_formats.Contains(format))
            _formats.Add(format);
    }

    public void Reject(string file, long line, string? field, string reason)
    {
        RejectedCount++;
        if (_rejected.Count < Context.Limits.MaxRejectedKept)
            _rejected.Add(new RejectedRow(file, (int)Math.Min(line, int.MaxValue), field, reason));
    }

    /// <summary>
    /// A value dropped from a row that is kept: the file, line and field, why, and what was done instead.
    /// </summary>
    public void Warn(string file, long line, string? field, string reason, string action)
    {
        WarningCount++;
        if (_warnings.Count < Context.Limits.MaxRejectedKept)
            _warnings.Add(new ImportWarning(file, (int)Math.Min(line, int.MaxValue), field, reason, action));
    }

    public void Skip(string why, int count = 1) => _skipped[why] = _skipped.GetValueOrDefault(why) + count;

    /// <summary>
    /// Adds a workout read from <paramref name="file"/> at <paramref name="line"/>; an invalid one is rejected field by
    /// field.
    /// </summary>
    public void Add(WorkoutSummary workout, string file, long line)
    {
        if (string.IsNullOrEmpty(workout.AthleteId) && !string.IsNullOrEmpty(Context.AthleteId))
            workout = workout with { AthleteId = Context.AthleteId };
        // An upload belongs to one athlete: a record naming another one is not written into their data.
        if (!string.IsNullOrEmpty(Context.AthleteId) && workout.AthleteId != Context.AthleteId)
        {
            Reject(
                file,
                line,
                "athleteId",
                $"this record names athlete '{workout.AthleteId}', but the file was uploaded for '{Context.AthleteId}'"
            );
            return;
        }
        var problems = WorkoutValidation.Problems(workout, Context.Now);
        // An import may leave the athlete for later (analyze without --athlete): that alone is no reason to reject.
        if (string.IsNullOrEmpty(Context.AthleteId) && string.IsNullOrEmpty(workout.AthleteId))
            problems = problems.Where(p => p.Field != "athleteId").ToList();
        if (problems.Count > 0)
        {
            foreach (var p in problems)
                Reject(file, line, p.Field, p.Reason);
            return;
        }
        (workout, var dropped) = WorkoutValidation.Repair(workout);
        foreach (var d in dropped)
            Warn(file, line, d.Field, d.Reason, d.Action);
        // One key is one id (the id is the key's SHA-256): repeats are told apart without hashing every workout.
        var key = workout.WorkoutKey;
        _sets += workout.Sets.Count - (_workouts.TryGetValue(key, out var earlier) ? earlier.Sets.Count : 0);
        if (_sets > Context.Limits.MaxSetsPerFile)
            throw new ImportException(
                file,
                $"More than {Context.Limits.MaxSetsPerFile:N0} sets in one upload: split the export "
                    + "into smaller files (by year, for example).",
                line,
                kind: ImportFailure.OverLimit
            );
        _workouts[key] = workout;
        string? previous = null;
        HashSet<string>? unknownHere = null;
        foreach (var set in workout.Sets)
        {
            // Sets of one exercise come together (and share one string instance): look each run up once.
            if (ReferenceEquals(set.Exercise, previous))
                continue;
            previous = set.Exercise;
            if (_catalog.Find(set.Exercise) is null)
                (unknownHere ??= new(StringComparer.OrdinalIgnoreCase)).Add(set.Exercise);
        }
        foreach (var name in unknownHere ?? [])
            _unknown[name] =
                _unknown.GetValueOrDefault(name)
                + workout.Sets.Count(x => string.Equals(x.Exercise, name, StringComparison.OrdinalIgnoreCase));
    }

    public ImportResult Result() =>
        new(
            Context.FileName,
            _formats,
            _workouts.Values.OrderBy(w => w.Start).ToList(),
            _workouts.Values.Sum(w => w.Sets.Count),
            _rejected,
            RejectedCount,
            _unknown
                .OrderByDescending(u => u.Value)
                .ThenBy(u => u.Key, StringComparer.Ordinal)
                .Select(u => new UnknownExercise(u.Key, u.Value))
                .ToList(),
            _skipped
        )
        {
            Warnings = _warnings,
            WarningCount = WarningCount,
        };
}
