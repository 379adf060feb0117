using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BackSignal.DevHost;

/// <summary>
/// Exports as apps set to other languages write them, by this project's own code: Garmin Connect's Activities.csv
/// with each language's column names, activity types, number marks and date order (after real exports where one is
/// public), and Hevy and Strong files rewritten from the English fixtures with month names and decimal commas — so
/// that a test can prove each reads exactly as its English twin.
/// </summary>
public static class LocalizedExports
{
    private sealed record GarminLanguage(
        string Header,
        string Strength,
        string Cycling,
        bool DecimalComma,
        string DateFormat
    );

    // Header: the columns of the English fixture in the same order, as each language names them.
    private static readonly Dictionary<string, GarminLanguage> Garmin = new()
    {
        // The German sample of a real export keeps English number marks and ISO dates.
        ["de"] = new(
            "Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,Ø HF,Max. HF,Aerober TE,Wiederholungen gesamt,"
                + "Sätze gesamt,Zeit in Bewegung,Verstrichene Zeit",
            "Krafttraining",
            "Radfahren",
            false,
            "yyyy-MM-dd HH:mm:ss"
        ),
        ["fr"] = new(
            "Type d'activité,Date,Favori,Titre,Distance,Calories,Durée,Fréquence cardiaque moyenne,"
                + "Fréquence cardiaque maximale,TE aérobie,Nombre total de répétitions,Nombre total de séries,"
                + "Temps de déplacement,Temps écoulé",
            "Musculation",
            "Cyclisme",
            true,
            "yyyy-MM-dd HH:mm:ss"
        ),
        ["es"] = new(
            "Tipo de actividad,Fecha,Favorito,Título,Distancia,Calorías,Tiempo,Frecuencia cardiaca media,"
                + "Frecuencia cardiaca máxima,TE aeróbico,Repeticiones totales,Series totales,Tiempo en movimiento,"
                + "Tiempo transcurrido",
            "Entrenamiento de fuerza",
            "Ciclismo",
            true,
            "yyyy-MM-dd HH:mm:ss"
        ),
        ["it"] = new(
            "Tipo di attività,Data,Preferita,Titolo,Distanza,Calorie,Tempo,FC Media,FC max,TE attività aerobica,"
                + "Ripetizioni totali,Serie totali,Tempo in movimento,Tempo trascorso",
            "Allenamento forza",
            "Ciclismo",
            true,
            "dd/MM/yyyy HH:mm:ss"
        ),
        ["nl"] = new(
            "Activiteittype,Datum,Favoriet,Titel,Afstand,Calorieën,Tijd,Gem. HS,Max. HS,Aeroob TE,"
                + "Totaal herhalingen,Totaal sets,Tijd bewogen,Verstreken tijd",
            "Krachttraining",
            "Fietsen",
            true,
            "dd-MM-yyyy HH:mm:ss"
        ),
        ["sv"] = new(
            "Aktivitetstyp,Datum,Favorit,Titel,Distans,Kalorier,Tid,Medelpuls,Maxpuls,Aerob TE,"
                + "Totalt antal repetitioner,Totalt antal set,Tid i rörelse,Förfluten tid",
            "Styrketräning",
            "Cykling",
            true,
            "yyyy-MM-dd HH:mm:ss"
        ),
        ["da"] = new(
            "Aktivitetstype,Dato,Favorit,Titel,Distance,Kalorier,Tid,Gns. puls,Maks. puls,Aerob TE,"
                + "Samlede gentagelser,Samlede sæt,Tid i bevægelse,Forløbet tid",
            "Styrketræning",
            "Cykling",
            true,
            "dd.MM.yyyy HH:mm:ss"
        ),
        ["pt"] = new(
            "Tipo de atividade,Data,Favorito,Título,Distância,Calorias,Tempo,FC Média,FC máxima,TE aeróbico,"
                + "Total de repetições,Total de séries,Tempo em movimento,Tempo decorrido",
            "Treino de força",
            "Ciclismo",
            true,
            "yyyy-MM-dd HH:mm:ss"
        ),
    };

    /// <summary>The languages <see cref="GarminActivities"/> writes.</summary>
    public static IReadOnlyCollection<string> GarminLanguages => Garmin.Keys;

    /// <summary>
    /// The three activities of <see cref="GeneratedExports.Garmin"/> in <paramref name="language"/>: its column
    /// names, activity types, date order, and decimal commas with point-grouped thousands where it writes them.
    /// </summary>
    public static GeneratedExports.Contents GarminActivities(string path, string language)
    {
        var l = Garmin[language];
        string N(string english) =>
            l.DecimalComma ? english.Replace(",", "\u0001").Replace('.', ',').Replace('\u0001', '.') : english;
        string D(int y, int mo, int d, int h, int mi, int s) =>
            new DateTime(y, mo, d, h, mi, s).ToString(l.DateFormat, CultureInfo.InvariantCulture);
        string Row(string type, string date, params string[] values) =>
            $"{type},{date},false," + string.Join(',', values.Select(v => $"\"{N(v)}\""));
        var text = new StringBuilder(l.Header)
            .Append('\n')
            .Append(Row(l.Strength, D(2025, 2, 3, 18, 1, 10), "Strength", "0.00", "321", "00:51:07", "115", "151"))
            .Append(",\"1.9\",\"120\",\"20\",\"00:40:00\",\"00:51:07\"\n")
            .Append(Row(l.Cycling, D(2025, 2, 2, 14, 48, 43), "Ride", "35.85", "1,721", "01:34:56", "122", "165"))
            .Append(",\"2.1\",\"--\",\"--\",\"01:03:38\",\"01:34:57\"\n")
            .Append(Row(l.Strength, D(2024, 11, 5, 7, 0, 0), "Short", "0.00", "20", "00:03:21.9", "57", "80"))
            .Append($",\"0.0\",\"--\",\"--\",\"00:03:00\",\"{N("00:03:21.9")}\"\n");
        File.WriteAllText(path, text.ToString());
        return new GeneratedExports.Contents(3, 0, 0, new DateOnly(2024, 11, 5), new DateOnly(2025, 2, 3));
    }

    /// <summary>
    /// The English Hevy file at <paramref name="englishPath"/> as Hevy writes it on a phone set to
    /// <paramref name="language"/>: its month names ("3. Feb. 2025, 18:01", "3 févr. 2025, 18:01") and decimal
    /// commas in weights ("102,5").
    /// </summary>
    public static void Hevy(string englishPath, string path, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var format = language == "de" ? "d. MMM yyyy, HH:mm" : "d MMM yyyy, HH:mm";
        Rewrite(
            englishPath,
            path,
            (name, value) =>
                name is "start_time" or "end_time" && value.Length > 0
                    ? DateTime
                        .ParseExact(value, "dd MMM yyyy, HH:mm", CultureInfo.InvariantCulture)
                        .ToString(format, culture)
                : name is "weight_kg" or "rpe" ? value.Replace('.', ',')
                : value
        );
    }

    /// <summary>The English Strong file with the decimal commas a phone in a decimal-comma language writes.</summary>
    public static void Strong(string englishPath, string path) =>
        Rewrite(englishPath, path, (name, value) => name is "Weight" or "Distance" ? value.Replace('.', ',') : value);

    /// <summary>Every field rewritten by <paramref name="change"/>, every field quoted.</summary>
    private static void Rewrite(string from, string to, Func<string, string, string> change)
    {
        using var reader = new CsvReader(new StreamReader(from), CultureInfo.InvariantCulture);
        using var writer = new CsvWriter(
            new StreamWriter(to, false, new UTF8Encoding(false)),
            new CsvConfiguration(CultureInfo.InvariantCulture) { ShouldQuote = _ => true }
        );
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        foreach (var name in header)
            writer.WriteField(name);
        writer.NextRecord();
        while (reader.Read())
        {
            for (var i = 0; i < header.Length; i++)
                writer.WriteField(change(header[i], reader.GetField(i) ?? ""));
            writer.NextRecord();
        }
    }
}
