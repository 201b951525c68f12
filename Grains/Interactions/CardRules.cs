using ContactCenter.Model;

namespace ContactCenter.Interactions;

/// <summary>
/// What the interaction card accepts from operators, gateways and supervisors. Every card field is
/// bounded, because the whole card is grain state written on each change.
/// </summary>
public static class CardRules
{
    /// <summary>A message, question, answer, comment, complaint or note.</summary>
    public const int MaxTextLength = 4_000;

    /// <summary>
    /// Transcript lines kept on the card. A chat can run for hours; past this the oldest lines are
    /// dropped (the count goes on), so the state written on every message stays bounded while the
    /// latest exchange, which the next level needs, stays on the card.
    /// </summary>
    public const int TranscriptCapacity = 1_000;

    public const int MaxTopicLevels = 4;
    public const int MaxTopics = 20;
    public const int MaxQuestions = 50;
    public const int MaxTopicCodeLength = 256;

    /// <summary>One per leg; a call transferred this many times is not a real one.</summary>
    public const int MaxRecordings = 50;
    public const int MaxRecordingUriLength = 2_048;

    /// <summary>Refuses the operator's card fields unless all are well formed; every topic's first level must satisfy <paramref name="isTopic"/>.</summary>
    public static void EnsureValid(Completion completion, Func<string, bool> isTopic)
    {
        if (completion.Topics.Count == 0)
        {
            throw ContactCenterException.Invalid("topics: a completed interaction needs at least one topic code");
        }

        if (completion.Topics.Count > MaxTopics)
        {
            throw ContactCenterException.Invalid($"topics: at most {MaxTopics} topic codes, got {completion.Topics.Count}");
        }

        foreach (var code in completion.Topics)
        {
            EnsureTopicCode(code, isTopic);
        }

        if (string.IsNullOrWhiteSpace(completion.Answer))
        {
            throw ContactCenterException.Invalid("answer: a completed interaction needs the answer given to the citizen");
        }

        EnsureText(completion.Answer, "answer");
        EnsureOptionalText(completion.Comment, "comment");
        EnsureOptionalText(completion.KnowledgeSource, "knowledge_source");
        var questions = completion.Questions ?? [];
        if (questions.Count > MaxQuestions)
        {
            throw ContactCenterException.Invalid($"questions: at most {MaxQuestions}, got {questions.Count}");
        }

        foreach (var question in questions)
        {
            if (string.IsNullOrWhiteSpace(question))
            {
                throw ContactCenterException.Invalid("questions: a question cannot be empty");
            }

            EnsureText(question, "questions");
        }

        if (completion.Complaint is { } complaint)
        {
            if (!Enum.IsDefined(complaint.Category))
            {
                throw ContactCenterException.Invalid($"complaint.category: {(int)complaint.Category} is not a complaint category");
            }

            if (string.IsNullOrWhiteSpace(complaint.Text))
            {
                throw ContactCenterException.Invalid("complaint.text: a complaint needs its text");
            }

            EnsureText(complaint.Text, "complaint.text");
        }
    }

    /// <summary>"theme/sub-theme/topic/sub-topic": 1 to 4 non-empty levels, the first a topic of the directory.</summary>
    public static void EnsureTopicCode(string code, Func<string, bool> isTopic)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw ContactCenterException.Invalid("topics: a topic code cannot be empty");
        }

        if (code.Length > MaxTopicCodeLength)
        {
            throw ContactCenterException.Invalid($"topics: topic code '{code[..32]}…' is longer than {MaxTopicCodeLength} characters");
        }

        var levels = code.Split('/');
        if (levels.Length > MaxTopicLevels)
        {
            throw ContactCenterException.Invalid($"topics: topic code '{code}' has {levels.Length} levels; the classifier has at most {MaxTopicLevels} (theme/sub-theme/topic/sub-topic)");
        }

        if (levels.Any(level => level.Length == 0 || level.Trim().Length != level.Length))
        {
            throw ContactCenterException.Invalid($"topics: topic code '{code}' has an empty level or spaces around one; levels are separated by single '/'");
        }

        if (!isTopic(levels[0]))
        {
            throw ContactCenterException.Invalid($"topics: topic code '{code}' starts with '{levels[0]}', which is not a topic of the directory");
        }
    }

    /// <summary>Null for no text (a voice event, an empty message); refuses one that is too long.</summary>
    public static string? MessageText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        EnsureText(text, "text");
        return text;
    }

    /// <summary>An absolute URI with an explicit scheme ("https://…", "s3://…"); a bare path is refused.</summary>
    public static void EnsureRecordingUri(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || uri.Length > MaxRecordingUriLength)
        {
            throw ContactCenterException.Invalid($"recording_uri: an absolute URI of up to {MaxRecordingUriLength} characters is required");
        }

        // On Unix "/records/1.wav" parses as an absolute file URI; the scheme must be written out.
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !uri.StartsWith(parsed.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw ContactCenterException.Invalid($"recording_uri: '{uri}' is not an absolute URI");
        }
    }

    public static void EnsureOptionalText(string? text, string field)
    {
        if (text is not null)
        {
            EnsureText(text, field);
        }
    }

    private static void EnsureText(string text, string field)
    {
        if (text.Length > MaxTextLength)
        {
            throw ContactCenterException.Invalid($"{field}: {text.Length} characters, more than the {MaxTextLength} allowed");
        }
    }
}
