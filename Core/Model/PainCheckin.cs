using System.Text.Json.Serialization;

namespace BackSignal.Core.Model;

/// <summary>
/// A pain check-in (docs/checkin.md, queue `checkins`, version 2): one per athlete and day. A later one replaces
/// the day's earlier one, except that a sign reported earlier that day is kept (<see cref="MergedInto"/>).
/// Every field after the first version is optional, so v1 messages stay valid.
/// </summary>
public sealed record PainCheckin
{
    public const int CurrentVersion = 2;

    public int V { get; init; } = CurrentVersion;
    public string AthleteId { get; init; } = "";
    public DateOnly Date { get; init; }

    /// <summary>Low-back pain, 0–10; null when not answered (a form sent without it still keeps its signs).</summary>
    [JsonConverter(typeof(PainScoreConverter))]
    public int? Pain { get; init; }

    [JsonConverter(typeof(CheckinAnswerConverter<LegPain>))]
    public LegPain LegPain { get; init; }

    /// <summary>Numbness or tingling in the legs (v1's "saddle" reads as <see cref="SaddleNumbness"/>).</summary>
    [JsonConverter(typeof(CheckinAnswerConverter<Numbness>))]
    public Numbness Numbness
    {
        get => _numbness;
        init
        {
            // v1's saddle answer lives on as SaddleNumbness, whatever else is set, in whichever order.
            if (value == Numbness.Saddle)
                _legacySaddle = true;
            _numbness = value == Numbness.Saddle ? Numbness.None : value;
        }
    }

    /// <summary>Numbness or tingling around the genitals, buttocks or inner thighs (where a saddle sits).</summary>
    public bool SaddleNumbness
    {
        get => _saddle || _legacySaddle;
        init => _saddle = value;
    }

    private readonly Numbness _numbness;
    private readonly bool _saddle;
    private readonly bool _legacySaddle;

    [JsonConverter(typeof(CheckinAnswerConverter<Weakness>))]
    public Weakness Weakness { get; init; }

    /// <summary>Which legs are weak; with <see cref="Weakness"/> none, a side still counts as mild weakness.</summary>
    [JsonConverter(typeof(CheckinAnswerConverter<WeaknessSide>))]
    public WeaknessSide WeaknessSide { get; init; }

    /// <summary>New difficulty starting or controlling urine or stool, or not feeling it pass.</summary>
    public bool BladderBowel { get; init; }

    /// <summary>New loss of sexual function or genital sensation.</summary>
    public bool SexualDysfunction { get; init; }

    /// <summary>Pain in the chest (with back pain: an emergency).</summary>
    public bool ChestPain { get; init; }

    /// <summary>Pain between the shoulder blades rather than the low back.</summary>
    public bool UpperBackPain { get; init; }

    /// <summary>Pain that is much worse at night or wakes you.</summary>
    public bool NightPain { get; init; }

    /// <summary>Pain that lying down or rest does not ease.</summary>
    public bool NotEasedByRest { get; init; }

    /// <summary>Pain made worse by coughing, sneezing or straining.</summary>
    public bool CoughSneeze { get; init; }

    /// <summary>A lump or swelling in the back, or a back that has changed shape.</summary>
    public bool BackLump { get; init; }
    public bool GaitChange { get; init; }

    /// <summary>38 °C / 100.4 °F or more, or hot and shivery.</summary>
    public bool Fever { get; init; }

    /// <summary>Feeling generally unwell, chills or sweats.</summary>
    public bool Unwell { get; init; }

    /// <summary>Weight lost without trying.</summary>
    public bool WeightLoss { get; init; }

    // On the property: the options' string-enum converter would otherwise win over one on the type.
    [JsonConverter(typeof(TraumaConverter))]
    public Trauma Trauma { get; init; }

    /// <summary>
    /// The signs (by field name, e.g. "numbness") a clinician has assessed and that have not changed since.
    /// </summary>
    public IReadOnlyList<string> Known
    {
        get => _known;
        init => _known = value ?? [];
    }

    private readonly IReadOnlyList<string> _known = [];

    /// <summary>v1: a clinician has assessed every sign reported (read as all of them <see cref="Known"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Assessed { get; init; }

    /// <summary>Free text, never logged, never shown to the coach.</summary>
    public string? Note { get; init; }

    /// <summary>Whether the sign named by its field (<see cref="CheckinSigns.Fields"/>) is marked known.</summary>
    public bool MarksKnown(string field) => Assessed || Known.Contains(field, StringComparer.OrdinalIgnoreCase);

    /// <summary>One check-in per athlete and day, in order of day: each day's answers merged as they arrived.</summary>
    public static IReadOnlyList<PainCheckin> OnePerDay(IEnumerable<PainCheckin> checkins) =>
        [
            .. checkins
                .GroupBy(c => (c.AthleteId, c.Date))
                .Select(g => g.Aggregate((PainCheckin?)null, (day, next) => next.MergedInto(day))!)
                .OrderBy(c => c.Date),
        ];

    /// <summary>
    /// This check-in as the day's answer after <paramref name="earlier"/> of the same day: its own answers, but no
    /// sign reported earlier that day is dropped (a yes stays yes, a choice keeps the more serious answer), and a
    /// pain score left out keeps the earlier one.
    /// </summary>
    public PainCheckin MergedInto(PainCheckin? earlier)
    {
        if (earlier is null || earlier.Date != Date || earlier.AthleteId != AthleteId)
            return this;
        return this with
        {
            Pain = Pain ?? earlier.Pain,
            LegPain =
                LegPain == earlier.LegPain ? LegPain
                : LegPain == LegPain.None ? earlier.LegPain
                : earlier.LegPain == LegPain.None ? LegPain
                : LegPain.Both,
            Numbness = (Numbness)Math.Max((int)Numbness, (int)earlier.Numbness),
            SaddleNumbness = SaddleNumbness || earlier.SaddleNumbness,
            Weakness = (Weakness)Math.Max((int)Weakness, (int)earlier.Weakness),
            WeaknessSide = (WeaknessSide)Math.Max((int)WeaknessSide, (int)earlier.WeaknessSide),
            BladderBowel = BladderBowel || earlier.BladderBowel,
            SexualDysfunction = SexualDysfunction || earlier.SexualDysfunction,
            ChestPain = ChestPain || earlier.ChestPain,
            UpperBackPain = UpperBackPain || earlier.UpperBackPain,
            NightPain = NightPain || earlier.NightPain,
            NotEasedByRest = NotEasedByRest || earlier.NotEasedByRest,
            CoughSneeze = CoughSneeze || earlier.CoughSneeze,
            BackLump = BackLump || earlier.BackLump,
            GaitChange = GaitChange || earlier.GaitChange,
            Fever = Fever || earlier.Fever,
            Unwell = Unwell || earlier.Unwell,
            WeightLoss = WeightLoss || earlier.WeightLoss,
            Trauma = (Trauma)Math.Max((int)Trauma, (int)earlier.Trauma),
            Note = Note ?? earlier.Note,
        };
    }
}
