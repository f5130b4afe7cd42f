using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Features.Admin.Import;

/// <summary>
/// Reads a campaign one-sheet (docs/campaign-one-sheet.md) into contest details. Every problem comes back with the
/// line and column it is on: syntax errors where the parser stopped, missing fields at the object that should hold
/// them, wrong values at the value. Fields the contest has no place for are kept as a JSON object.
/// </summary>
public static class CampaignOneSheet
{
    public const int MaxDurationDays = 366;
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Fields the importer understands, by path; everything else is kept in the extras.
    private static readonly HashSet<string> Known =
    [
        "name", "description", "sponsor", "sponsor_url", "image_url", "duration_days", "time_zone", "start",
        "reward_logic", "reward_logic.winner_reward", "reward_logic.winner_reward.description", "reward_logic.winner_reward.value_usd",
        "reward_logic.winner_reward.winners", "reward_logic.winner_reward.alternates", "reward_logic.consolation_offer",
        "messaging", "messaging.entry_confirmation", "messaging.winner", "messaging.non_winner", "messaging.reminder",
        "messaging.keyword",
        "eligibility", "eligibility.minimum_age", "eligibility.states",
    ];

    public static OneSheetResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return OneSheetResult.Fail(new ImportError(1, 1, "Paste or upload a one-sheet: the text is empty."));
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxBytes)
        {
            return OneSheetResult.Fail(new ImportError(1, 1, $"A one-sheet can be at most {MaxBytes / 1024} KB."));
        }

        Dictionary<string, Position> positions;
        JsonNode? root;
        try
        {
            positions = Locate(bytes, out var duplicate);
            if (duplicate is { } repeated)
            {
                // JsonObject would throw on first access to an object with a repeated key (and crash the console's circuit).
                return OneSheetResult.Fail(new ImportError(repeated.At.Line, repeated.At.Column, $"\"{repeated.Key}\" appears twice. Give each field once."));
            }

            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            return OneSheetResult.Fail(new ImportError((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1,
                "This is not valid JSON: " + FirstSentence(ex.Message)));
        }

        if (root is not JsonObject sheet)
        {
            return OneSheetResult.Fail(new ImportError(1, 1, "A one-sheet is a JSON object ({ … }) with the campaign's fields."));
        }

        return new Reader(sheet, positions).Read();
    }

    private sealed class Reader(JsonObject sheet, Dictionary<string, Position> positions)
    {
        private readonly List<ImportError> _errors = [];

        public OneSheetResult Read()
        {
            var name = RequiredString(sheet, "", "name");
            var description = OptionalString(sheet, "", "description") ?? "";
            var sponsor = RequiredString(sheet, "", "sponsor");
            var sponsorUrl = OptionalString(sheet, "", "sponsor_url");
            var imageUrl = OptionalString(sheet, "", "image_url");
            var duration = RequiredInt(sheet, "", "duration_days", 1, MaxDurationDays);
            var zone = OptionalString(sheet, "", "time_zone");
            if (zone is not null && !TimeZones.IsKnown(zone))
            {
                Error("time_zone", $"\"{zone}\" is not an IANA time zone (for example America/New_York).");
                zone = null;
            }

            DateTime? start = null;
            if (OptionalString(sheet, "", "start") is { } startText)
            {
                if (DateTime.TryParseExact(startText, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"],
                        CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    start = parsed;
                }
                else
                {
                    Error("start", "\"start\" is a local date and time like \"2026-12-01T18:00\" (no offset: the time zone says where).");
                }
            }

            var reward = RequiredObject(sheet, "", "reward_logic");
            var winnerReward = reward is null ? null : RequiredObject(reward, "reward_logic", "winner_reward");
            var prizeDescription = winnerReward is null ? null : RequiredString(winnerReward, "reward_logic.winner_reward", "description");
            var value = winnerReward is null ? null : OptionalDecimal(winnerReward, "reward_logic.winner_reward", "value_usd");
            var winners = winnerReward is null ? null : OptionalInt(winnerReward, "reward_logic.winner_reward", "winners", 1, Prize.MaxWinners);
            var alternates = winnerReward is null ? null : OptionalInt(winnerReward, "reward_logic.winner_reward", "alternates", 0, Prize.MaxAlternates);
            var consolation = reward is null ? null : OptionalString(reward, "reward_logic", "consolation_offer");

            var messaging = OptionalObject(sheet, "", "messaging");
            var messages = new MessageTemplates
            {
                EntryConfirmation = messaging is null ? null : OptionalString(messaging, "messaging", "entry_confirmation"),
                Winner = messaging is null ? null : OptionalString(messaging, "messaging", "winner"),
                NonWinner = (messaging is null ? null : OptionalString(messaging, "messaging", "non_winner"))
                            ?? (consolation is null ? null : $"Thanks for entering {{contest_name}}! You didn't win this time, but here's something for you: {consolation}"),
                Reminder = messaging is null ? null : OptionalString(messaging, "messaging", "reminder"),
            };

            var eligibilityNode = OptionalObject(sheet, "", "eligibility");
            var minimumAge = eligibilityNode is null ? null
                : OptionalInt(eligibilityNode, "eligibility", "minimum_age", Eligibility.MinimumAgeFloor, Eligibility.MinimumAgeCeiling);
            var states = eligibilityNode is null ? null : OptionalStates(eligibilityNode);

            if (_errors.Count > 0)
            {
                return new OneSheetResult(null, _errors);
            }

            var details = new ContestDetails
            {
                Name = name!,
                Description = description,
                SponsorName = sponsor!,
                SponsorUrl = sponsorUrl,
                ImageUrl = imageUrl,
                Prize = new Prize
                {
                    Description = prizeDescription!,
                    ValueUsd = value ?? 0,
                    WinnerCount = winners ?? 1,
                    AlternateCount = alternates ?? 2,
                },
                Eligibility = new Eligibility
                {
                    MinimumAge = minimumAge ?? Eligibility.DefaultMinimumAge,
                    Scope = states is { Count: > 0 } ? RegionScope.ListedStates : RegionScope.AllUs,
                    States = states ?? [],
                },
                Messages = messages,
                Keyword = messaging is null ? null : OptionalString(messaging, "messaging", "keyword"),
            };

            // The contest's own rules (lengths, placeholders, URLs) reported at the field they came from.
            foreach (var (key, message) in details.Validate())
            {
                Error(SourceOf(key), message);
            }

            return _errors.Count > 0
                ? new OneSheetResult(null, _errors)
                : new OneSheetResult(new ImportedCampaign(details, duration!.Value, zone, start, consolation, Extras()), _errors);
        }

        /// <summary>Every field not in <see cref="Known"/>, nested objects kept in their place.</summary>
        private string? Extras()
        {
            var extras = CollectUnknown(sheet, "");
            return extras.Count == 0 ? null : extras.ToJsonString(Indented);
        }

        private static JsonObject CollectUnknown(JsonObject node, string path)
        {
            var kept = new JsonObject();
            foreach (var (key, value) in node)
            {
                var full = path.Length == 0 ? key : path + "." + key;
                if (!Known.Contains(full))
                {
                    kept[key] = value?.DeepClone();
                }
                else if (value is JsonObject child && CollectUnknown(child, full) is { Count: > 0 } nested)
                {
                    kept[key] = nested;
                }
            }

            return kept;
        }

        private static string SourceOf(string key) => key switch
        {
            "Name" => "name",
            "Description" => "description",
            "SponsorName" => "sponsor",
            "SponsorUrl" => "sponsor_url",
            "ImageUrl" => "image_url",
            "Prize.Description" => "reward_logic.winner_reward.description",
            "Prize.ValueUsd" => "reward_logic.winner_reward.value_usd",
            "Prize.WinnerCount" => "reward_logic.winner_reward.winners",
            "Prize.AlternateCount" => "reward_logic.winner_reward.alternates",
            "Messages.EntryConfirmation" => "messaging.entry_confirmation",
            "Messages.Winner" => "messaging.winner",
            "Messages.NonWinner" => "messaging.non_winner",
            "Messages.Reminder" => "messaging.reminder",
            "Keyword" => "messaging.keyword",
            "Eligibility.States" => "eligibility.states",
            "Eligibility.MinimumAge" => "eligibility.minimum_age",
            _ => "",
        };

        private void Error(string path, string message)
        {
            // A field that is not there is reported at the nearest enclosing object that is.
            var at = path;
            Position position;
            while (!positions.TryGetValue(at, out position))
            {
                at = at.Contains('.', StringComparison.Ordinal) ? at[..at.LastIndexOf('.')] : "";
            }

            _errors.Add(new ImportError(position.Line, position.Column, message));
        }

        private static string Join(string parent, string field) => parent.Length == 0 ? field : parent + "." + field;

        private string? RequiredString(JsonObject parent, string path, string field)
        {
            var text = OptionalString(parent, path, field, reportMissing: true);
            return text;
        }

        private string? OptionalString(JsonObject parent, string path, string field, bool reportMissing = false)
        {
            var full = Join(path, field);
            if (!parent.TryGetPropertyValue(field, out var node) || node is null)
            {
                if (reportMissing)
                {
                    Error(full, $"\"{field}\" is missing{(path.Length == 0 ? "" : $" from \"{path}\"")}.");
                }

                return null;
            }

            if (node.GetValueKind() != JsonValueKind.String)
            {
                Error(full, $"\"{field}\" must be text in quotes.");
                return null;
            }

            var value = node.GetValue<string>().Trim();
            if (value.Length == 0)
            {
                if (reportMissing)
                {
                    Error(full, $"\"{field}\" is empty.");
                }

                return null;
            }

            return value;
        }

        private int? RequiredInt(JsonObject parent, string path, string field, int min, int max)
        {
            if (!parent.ContainsKey(field) || parent[field] is null)
            {
                Error(Join(path, field), $"\"{field}\" is missing{(path.Length == 0 ? "" : $" from \"{path}\"")}.");
                return null;
            }

            return OptionalInt(parent, path, field, min, max);
        }

        private int? OptionalInt(JsonObject parent, string path, string field, int min, int max)
        {
            if (!parent.TryGetPropertyValue(field, out var node) || node is null)
            {
                return null;
            }

            if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value))
            {
                Error(Join(path, field), $"\"{field}\" must be a whole number between {min} and {max}.");
                return null;
            }

            if (value < min || value > max)
            {
                Error(Join(path, field), $"\"{field}\" must be between {min} and {max} (it is {value}).");
                return null;
            }

            return value;
        }

        private decimal? OptionalDecimal(JsonObject parent, string path, string field)
        {
            if (!parent.TryGetPropertyValue(field, out var node) || node is null)
            {
                return null;
            }

            if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<decimal>(out var value) || value < 0)
            {
                Error(Join(path, field), $"\"{field}\" must be an amount in US dollars, like 60 or 24.99.");
                return null;
            }

            return value;
        }

        private JsonObject? RequiredObject(JsonObject parent, string path, string field)
        {
            if (!parent.TryGetPropertyValue(field, out var node) || node is null)
            {
                Error(Join(path, field), $"\"{field}\" is missing{(path.Length == 0 ? "" : $" from \"{path}\"")}.");
                return null;
            }

            return OptionalObject(parent, path, field);
        }

        private JsonObject? OptionalObject(JsonObject parent, string path, string field)
        {
            if (!parent.TryGetPropertyValue(field, out var node) || node is null)
            {
                return null;
            }

            if (node is not JsonObject obj)
            {
                Error(Join(path, field), $"\"{field}\" must be an object ({{ … }}).");
                return null;
            }

            return obj;
        }

        private List<string>? OptionalStates(JsonObject eligibility)
        {
            if (!eligibility.TryGetPropertyValue("states", out var node) || node is null)
            {
                return null;
            }

            if (node is not JsonArray array || array.Any(s => s?.GetValueKind() != JsonValueKind.String))
            {
                Error("eligibility.states", "\"states\" must be a list of two-letter state codes, like [\"NY\", \"NJ\"].");
                return null;
            }

            return array.Select(s => s!.GetValue<string>().Trim().ToUpperInvariant()).ToList();
        }
    }

    /// <summary>Where each property (by dotted path) and the root object ("") start, 1-based.</summary>
    /// <summary>Where each property starts, and the first property repeated inside one object (then the walk stops).</summary>
    private static Dictionary<string, Position> Locate(byte[] utf8, out (string Key, Position At)? duplicate)
    {
        duplicate = null;
        var positions = new Dictionary<string, Position>();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        Position At(long offset)
        {
            var line = lineStarts.BinarySearch((int)offset);
            line = line >= 0 ? line : ~line - 1;
            var column = Encoding.UTF8.GetCharCount(utf8, lineStarts[line], (int)offset - lineStarts[line]) + 1;
            return new Position(line + 1, column);
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var path = new Stack<string>();
        string? pendingProperty = null;
        var containers = new Stack<bool>(); // true for objects
        var keys = new Stack<HashSet<string>>(); // the property names seen in each open object
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (containers.Count == 0)
                    {
                        positions[""] = At(reader.TokenStartIndex);
                    }

                    path.Push(pendingProperty ?? "[]");
                    containers.Push(true);
                    keys.Push(new HashSet<string>(StringComparer.Ordinal));
                    pendingProperty = null;
                    break;
                case JsonTokenType.StartArray:
                    path.Push(pendingProperty ?? "[]");
                    containers.Push(false);
                    pendingProperty = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.Pop();
                    if (containers.Pop())
                    {
                        keys.Pop();
                    }

                    break;
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString()!;
                    var full = string.Join('.', path.Reverse().Skip(1).Append(pendingProperty));
                    if (!keys.Peek().Add(pendingProperty))
                    {
                        duplicate = (full, At(reader.TokenStartIndex));
                        return positions;
                    }

                    positions.TryAdd(full, At(reader.TokenStartIndex));
                    break;
                default:
                    pendingProperty = null;
                    break;
            }
        }

        return positions;
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: … | LineNumber: … | BytePositionInLine: …"; the line is shown separately.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private readonly record struct Position(int Line, int Column);
}

public sealed record ImportError(int Line, int Column, string Message)
{
    public override string ToString() => $"Line {Line}, column {Column}: {Message}";
}

/// <summary>A one-sheet mapped to a contest: the details, how long it runs, and where/when it starts if the sheet says.</summary>
public sealed record ImportedCampaign(ContestDetails Details, int DurationDays, string? TimeZoneId, DateTime? LocalStart,
    string? ConsolationOffer, string? ExtrasJson);

public sealed record OneSheetResult(ImportedCampaign? Campaign, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Campaign is not null;

    public static OneSheetResult Fail(ImportError error) => new(null, [error]);
}
