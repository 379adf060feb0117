namespace BackSignal.Core.Import;

/// <summary>
/// The column names of Garmin Connect's Activities.csv in the languages it exports (the account's display
/// language decides them), the fields BackSignal reads only. Several names per field where Garmin has written more
/// than one over the years ("Ø HF" and "Ø Herzfrequenz"). Names were taken from real exports where one was public
/// (German, French, Spanish, Italian, Dutch, Portuguese, Norwegian, Danish and Swedish headers); the strength-only
/// columns (Total Reps, Total Sets) follow Garmin's own strings where seen and the language's usual words otherwise.
/// </summary>
public sealed record GarminHeaders(
    string Language,
    string[] ActivityType,
    string[] Date,
    string[] Title,
    string[] Time,
    string[] ElapsedTime,
    string[] MovingTime,
    string[] AvgHr,
    string[] MaxHr,
    string[] TotalReps,
    string[] TotalSets
);

public static class GarminLanguages
{
    public static readonly GarminHeaders English = new(
        "English",
        ["Activity Type"],
        ["Date"],
        ["Title"],
        ["Time"],
        ["Elapsed Time"],
        ["Moving Time"],
        ["Avg HR"],
        ["Max HR"],
        ["Total Reps"],
        ["Total Sets"]
    );

    public static readonly IReadOnlyList<GarminHeaders> All =
    [
        English,
        new(
            "German",
            ["Aktivitätstyp"],
            ["Datum"],
            ["Titel"],
            ["Zeit"],
            ["Verstrichene Zeit"],
            ["Zeit in Bewegung"],
            ["Ø HF", "Ø Herzfrequenz"],
            ["Max. HF", "Maximale Herzfrequenz"],
            ["Wiederholungen gesamt", "Gesamtwiederholungen"],
            ["Sätze gesamt", "Gesamtsätze"]
        ),
        new(
            "French",
            ["Type d'activité"],
            ["Date"],
            ["Titre"],
            ["Durée"],
            ["Temps écoulé"],
            ["Temps de déplacement"],
            ["Fréquence cardiaque moyenne", "FC moyenne"],
            ["Fréquence cardiaque maximale", "FC maximale"],
            ["Nombre total de répétitions", "Répétitions totales"],
            ["Nombre total de séries", "Séries totales"]
        ),
        new(
            "Spanish",
            ["Tipo de actividad"],
            ["Fecha"],
            ["Título"],
            ["Tiempo"],
            ["Tiempo transcurrido"],
            ["Tiempo en movimiento"],
            ["Frecuencia cardiaca media", "FC media"],
            ["Frecuencia cardiaca máxima", "FC máxima"],
            ["Repeticiones totales"],
            ["Series totales"]
        ),
        new(
            "Italian",
            ["Tipo di attività"],
            ["Data"],
            ["Titolo"],
            ["Tempo"],
            ["Tempo trascorso"],
            ["Tempo in movimento"],
            ["FC Media"],
            ["FC max", "FC massima"],
            ["Ripetizioni totali"],
            ["Serie totali"]
        ),
        new(
            "Dutch",
            ["Activiteittype", "Activiteitstype"],
            ["Datum"],
            ["Titel"],
            ["Tijd"],
            ["Verstreken tijd"],
            ["Tijd bewogen", "Tijd in beweging"],
            ["Gem. HS", "Gemiddelde hartslag"],
            ["Max. HS", "Maximale hartslag"],
            ["Totaal herhalingen", "Totaal aantal herhalingen"],
            ["Totaal sets", "Totaal aantal sets"]
        ),
        new(
            "Swedish",
            ["Aktivitetstyp"],
            ["Datum"],
            ["Titel", "Namn"],
            ["Tid"],
            ["Förfluten tid"],
            ["Tid i rörelse"],
            ["Medelpuls", "Genomsnittlig puls"],
            ["Maxpuls", "Maximal puls"],
            ["Totalt antal repetitioner", "Repetitioner totalt"],
            ["Totalt antal set", "Set totalt"]
        ),
        new(
            "Danish",
            ["Aktivitetstype"],
            ["Dato"],
            ["Titel"],
            ["Tid"],
            ["Forløbet tid"],
            ["Tid i bevægelse"],
            ["Gns. puls", "Gennemsnitlig puls"],
            ["Maks. puls", "Maksimal puls"],
            ["Samlede gentagelser", "Gentagelser i alt"],
            ["Samlede sæt", "Sæt i alt"]
        ),
        new(
            "Norwegian",
            ["Aktivitetstype"],
            ["Dato"],
            ["Tittel"],
            ["Tid"],
            ["Medgått tid"],
            ["Tid i bevegelse"],
            ["Gjennomsnittlig puls"],
            ["Makspuls"],
            ["Totalt antall repetisjoner"],
            ["Totalt antall sett"]
        ),
        new(
            "Portuguese",
            ["Tipo de atividade"],
            ["Data"],
            ["Título"],
            ["Tempo", "Tempo total"],
            ["Tempo decorrido", "Tempo transcorrido"],
            ["Tempo em movimento"],
            ["FC Média", "Frequência cardíaca média"],
            ["FC máxima", "Frequência cardíaca máxima"],
            ["Total de repetições", "Repetições totais"],
            ["Total de séries", "Séries totais"]
        ),
    ];

    /// <summary>The language whose activity-type and date columns the header has, or null.</summary>
    public static GarminHeaders? Of(IReadOnlySet<string> columns) =>
        All.FirstOrDefault(l => l.ActivityType.Any(columns.Contains) && l.Date.Any(columns.Contains));
}
