using BackSignal.Core.Model;

namespace BackSignal.Core.Import;

/// <summary>
/// The workouts of an export written one set per row (Strong, Hevy) while it is read, keyed by the two texts that
/// name a workout in it. Rows of one workout come together, so the workout being read is found without a lookup, and
/// its sets go into one list that is reused; when its rows end they are copied, exactly, into a chunk shared with the
/// workouts before it. Chunks grow to 16,384 sets (917 KB), which the collector keeps on its large-object heap and
/// never moves: a list per workout left a fifth of its room empty, and the collector copied every set of a million-row
/// import twice (generation 0 to 1 to 2), a fifth of the import's time. A workout keeps its chunk alive, which is no
/// cost here: an import's workouts live and go together. A workout whose rows come back later is opened again with
/// the sets it had.
/// </summary>
internal sealed class OpenWorkouts
{
    private const int FirstChunkSets = 512;
    private const int LargestChunkSets = 16 * 1024;

    private readonly Dictionary<(string, string), OpenWorkout> _all = [];
    private readonly List<WorkoutSet> _shared = new(64);
    private OpenWorkout? _current;
    private WorkoutSet[] _chunk = [];
    private int _used;

    /// <summary>
    /// The workout named by <paramref name="first"/> and <paramref name="second"/>, open for its sets.
    /// </summary>
    public OpenWorkout? Find(string first, string second)
    {
        if (_current is { } current && current.First == first && current.Second == second)
            return current;
        if (!_all.TryGetValue((first, second), out var workout))
            return null;
        Open(workout);
        return workout;
    }

    /// <summary>A new workout, open for its sets.</summary>
    public OpenWorkout Start(long line, string first, string second, WorkoutSummary summary)
    {
        var workout = new OpenWorkout(line, first, second, summary);
        _all.Add((first, second), workout);
        Open(workout);
        return workout;
    }

    /// <summary>Every workout with its sets, in the order they began.</summary>
    public IEnumerable<OpenWorkout> Close()
    {
        Seal();
        return _all.Values;
    }

    private void Open(OpenWorkout workout)
    {
        Seal();
        workout.Open(_shared);
        _current = workout;
    }

    private void Seal()
    {
        if (_current is null)
            return;
        var count = _shared.Count;
        if (_chunk.Length - _used < count)
        {
            var size = Math.Clamp(2 * _chunk.Length, FirstChunkSets, LargestChunkSets);
            _chunk = new WorkoutSet[Math.Max(size, count)];
            _used = 0;
        }
        _shared.CopyTo(_chunk, _used);
        _current.Seal(new ArraySegment<WorkoutSet>(_chunk, _used, count));
        _used += count;
        _current = null;
    }
}

/// <summary>One workout of <see cref="OpenWorkouts"/>: where it began, its summary and its sets.</summary>
internal sealed class OpenWorkout(long line, string first, string second, WorkoutSummary summary)
{
    // While the workout is open its sets are the reader's shared list; once sealed, a slice of a chunk.
    private List<WorkoutSet>? _open;
    private IReadOnlyList<WorkoutSet> _sealed = [];

    // Sets per exercise, counted from the first unnumbered set of the workout on (most workouts have none).
    private Dictionary<string, int>? _setsPerExercise;

    public long Line { get; } = line;
    public string First { get; } = first;
    public string Second { get; } = second;

    public IReadOnlyList<WorkoutSet> Sets => _open ?? _sealed;

    /// <summary>
    /// The number of a set the export leaves unnumbered: one more than the sets of its exercise so far. Counted once,
    /// then kept up as rows come (rescanning the list per row made a 40,000-row workout quadratic).
    /// </summary>
    public int NextUnnumbered(string exercise)
    {
        if (_setsPerExercise is null)
        {
            _setsPerExercise = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var set in Sets)
                Counted(set.Exercise);
        }
        return _setsPerExercise.GetValueOrDefault(exercise) + 1;
    }

    /// <summary>Adds a set to the open workout, counting it once numbering by count has begun.</summary>
    public void Add(WorkoutSet set)
    {
        (_open ?? throw new InvalidOperationException("The workout is not open.")).Add(set);
        Counted(set.Exercise);
    }

    /// <summary>The summary with its sets, as the collector takes it.</summary>
    public WorkoutSummary Read() => summary with { Sets = Sets };

    internal void Open(List<WorkoutSet> shared)
    {
        shared.Clear();
        shared.AddRange(_sealed);
        _open = shared;
    }

    internal void Seal(IReadOnlyList<WorkoutSet> sets)
    {
        _sealed = sets;
        _open = null;
    }

    private void Counted(string exercise)
    {
        if (_setsPerExercise is not null)
            _setsPerExercise[exercise] = _setsPerExercise.GetValueOrDefault(exercise) + 1;
    }
}
