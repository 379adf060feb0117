namespace BackSignal.Core.Model;

/// <summary>The check-in fields that are signs (what <see cref="PainCheckin.Known"/> may name).</summary>
public static class CheckinSigns
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "saddleNumbness",
        "bladderBowel",
        "sexualDysfunction",
        "chestPain",
        "legPain",
        "numbness",
        "weakness",
        "upperBackPain",
        "nightPain",
        "notEasedByRest",
        "coughSneeze",
        "backLump",
        "gaitChange",
        "fever",
        "unwell",
        "weightLoss",
        "trauma",
    ];

    /// <summary>The sign fields this check-in reports (answered other than no / none).</summary>
    public static IEnumerable<string> Reported(PainCheckin c)
    {
        bool[] answered =
        [
            c.SaddleNumbness,
            c.BladderBowel,
            c.SexualDysfunction,
            c.ChestPain,
            c.LegPain != LegPain.None,
            c.Numbness != Numbness.None,
            c.Weakness != Weakness.None || c.WeaknessSide != WeaknessSide.None,
            c.UpperBackPain,
            c.NightPain,
            c.NotEasedByRest,
            c.CoughSneeze,
            c.BackLump,
            c.GaitChange,
            c.Fever,
            c.Unwell,
            c.WeightLoss,
            c.Trauma != Trauma.None,
        ];
        return Fields.Where((_, i) => answered[i]);
    }
}
