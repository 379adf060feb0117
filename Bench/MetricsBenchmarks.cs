using BackSignal.Core.Metrics;
using BackSignal.Core.Model;
using BenchmarkDotNet.Attributes;

namespace BackSignal.Bench;

/// <summary>
/// The metrics engine: a full recompute of ten years of daily workouts (20 sets each) for one athlete, and the
/// incremental recompute after one new workout from the stored state of the day before.
/// </summary>
public class MetricsBenchmarks
{
    private static readonly string[] Exercises =
    [
        "Deadlift (Barbell)",
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Bent Over Row (Barbell)",
        "Overhead Press (Barbell)",
    ];

    private readonly MetricsOptions _options = new();
    private readonly AthleteProfile _profile = new()
    {
        AthleteId = "bench",
        Email = "bench@localhost",
        TimeZone = "Europe/Berlin",
        BodyMassKg = 80,
    };
    private readonly DateOnly _last = new(2026, 11, 20);
    private DateOnly _first;
    private ILookup<DateOnly, WorkoutSummary> _byDay = null!;
    private SeriesState? _before;
    private List<TrainingDay> _history = [];

    [Params(10)]
    public int Years { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _first = _last.AddYears(-Years).AddDays(1);
        var workouts = new List<WorkoutSummary>();
        for (var d = _first; d <= _last; d = d.AddDays(1))
        {
            var n = d.DayNumber;
            workouts.Add(
                new WorkoutSummary
                {
                    AthleteId = "bench",
                    Start = new DateTimeOffset(d.ToDateTime(new TimeOnly(18, 0)), TimeSpan.FromHours(1)),
                    DurationMin = 45 + n % 40,
                    SessionRpe = 5 + n % 4,
                    Title = "Day",
                    Sets =
                    [
                        .. Enumerable
                            .Range(0, 20)
                            .Select(i => new WorkoutSet
                            {
                                Exercise = Exercises[(n + i / 4) % 5],
                                SetIndex = i % 4 + 1,
                                WeightKg = 60 + n % 30 + i,
                                Reps = 5 + i % 3,
                            }),
                    ],
                }
            );
        }
        _byDay = workouts.ToLookup(w => _profile.LocalDate(w.Start));
        var full = FullRecompute();
        var lookback = Math.Max(LoadSeries.WindowDays(_options), _options.StrengthLookbackDays);
        _before = LoadSeries.StateAfter(full.Take(full.Count - 1).Select(c => c.Metrics).ToList(), _options);
        _history = full.Skip(full.Count - 1 - lookback).Take(lookback).Select(c => c.Day).ToList();
        // The incremental path must agree with the full one, or its figure means nothing.
        if (IncrementalRecompute()[0].Metrics != full[^1].Metrics)
            throw new InvalidOperationException("The incremental recompute differs from the full one.");
    }

    [Benchmark]
    public IReadOnlyList<ComputedDay> FullRecompute() =>
        DaySeries.Compute([], DaySeries.Rollups(_first, _last, _byDay, _profile, _options), null, _options);

    [Benchmark]
    public IReadOnlyList<ComputedDay> IncrementalRecompute() =>
        DaySeries.Compute(_history, DaySeries.Rollups(_last, _last, _byDay, _profile, _options), _before, _options);
}
