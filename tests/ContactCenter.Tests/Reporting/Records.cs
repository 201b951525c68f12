using ContactCenter.Interactions;
using ContactCenter.Model;
using ContactCenter.Reporting;

namespace ContactCenter.Tests.Reporting;

/// <summary>Hand-built reporting records, shaped as the close hook writes them.</summary>
public static class Records
{
    public static InteractionReport Answered(
        string id, DateTimeOffset at, string organisation, Channel channel = Channel.Voice, int waitS = 10, int talkS = 300, int acwS = 60,
        string? card = null, string[]? topics = null, InteractionOutcome outcome = InteractionOutcome.Resolved, int? csat = null, string operatorId = "op") => new()
    {
        InteractionId = id,
        Revision = 10,
        Channel = channel,
        RegionId = "RU-MOW",
        OrganisationId = organisation,
        QueueId = $"{organisation}-q",
        OperatorId = operatorId,
        OperatorIds = [operatorId],
        CitizenCardId = card ?? $"card-{id}",
        RegisteredAt = at,
        QueuedAt = at,
        FirstOfferedAt = at + TimeSpan.FromSeconds(waitS),
        ConnectedAt = at + TimeSpan.FromSeconds(waitS),
        WrapUpStartedAt = at + TimeSpan.FromSeconds(waitS + talkS),
        WrapUpMs = acwS * 1000L,
        ClosedAt = at + TimeSpan.FromSeconds(waitS + talkS + acwS),
        WaitMs = waitS * 1000L,
        TalkMs = talkS * 1000L,
        HandlerTalkMs = talkS * 1000L,
        Outcome = outcome,
        EndReason = outcome == InteractionOutcome.ClosedForInactivity ? ConversationEnd.CitizenInactive : ConversationEnd.ByOperator,
        Topics = topics ?? ["pension"],
        SurveyScore = csat,
        SurveyScoredAt = csat is null ? null : at + TimeSpan.FromHours(1),
        Timeline =
        [
            new TimelineEntry(at, TimelineKind.Registered, "gateway", $"{channel}"),
            new TimelineEntry(at + TimeSpan.FromSeconds(waitS + talkS + acwS), TimelineKind.Closed, "system", $"{outcome}"),
        ],
    };

    /// <summary>The citizen hung up before an answer; short when within the 5-second threshold.</summary>
    public static InteractionReport Abandoned(string id, DateTimeOffset at, string organisation, int waitS, Channel channel = Channel.Voice) => new()
    {
        InteractionId = id,
        Revision = 5,
        Channel = channel,
        RegionId = "RU-MOW",
        OrganisationId = organisation,
        QueueId = $"{organisation}-q",
        CitizenCardId = $"card-{id}",
        RegisteredAt = at,
        QueuedAt = at,
        ClosedAt = at + TimeSpan.FromSeconds(waitS),
        WaitMs = waitS * 1000L,
        Outcome = InteractionOutcome.Unanswered,
        UnansweredReason = UnansweredReason.CitizenHungUp,
        Abandoned = true,
        AbandonedShort = waitS <= 5,
    };

    /// <summary>Could not be queued at all (no operator signed in).</summary>
    public static InteractionReport NotQueued(string id, DateTimeOffset at, string organisation) => new()
    {
        InteractionId = id,
        Revision = 4,
        Channel = Channel.Voice,
        RegionId = "RU-MOW",
        OrganisationId = organisation,
        CitizenCardId = $"card-{id}",
        RegisteredAt = at,
        ClosedAt = at,
        Outcome = InteractionOutcome.Unanswered,
        UnansweredReason = UnansweredReason.NoOperators,
    };

    /// <summary>
    /// A half-year of contacts (2026 H1, d = 0..180 the day index, 10:00 Moscow each day) whose
    /// ОДКЦ rows are worked out by hand in <see cref="OdkcReportTests"/>:
    /// every day a voice call (wait 12 s, talk 240 s, ACW 60 s, resolved, "pension", CSAT 5) and a
    /// chat (wait 40 s, talk 420 s, no ACW, resolved, "general", CSAT 4); every even day a voice
    /// call abandoned after 30 s; every 10th day a video call (no wait, talk 600 s, ACW 120 s,
    /// resolved, a confirmed complaint); every 7th day (d ≤ 175) the voice caller calls again the
    /// next day on "pension" (wait 12 s, talk 240 s, ACW 60 s). Around the edges: a voice call at
    /// 00:10 Moscow on 1 January (21:10 UTC on 31 December) and two chats on 1 July at 00:30 and
    /// 02:00 Moscow (still 30 June in UTC), and one on 31 December 2025 at 23:30 Moscow.
    /// </summary>
    public static List<InteractionReport> HalfYear(string organisation)
    {
        var moscow = TimeSpan.FromHours(3);
        var records = new List<InteractionReport>();
        var first = new DateTimeOffset(2026, 1, 1, 10, 0, 0, moscow);
        for (var d = 0; d <= 180; d++)
        {
            var day = first.AddDays(d);
            records.Add(Answered($"{organisation}-v{d}", day, organisation, waitS: 12, talkS: 240, acwS: 60, card: $"{organisation}-c{d}", topics: ["pension/indexation"], csat: 5));
            records.Add(Answered($"{organisation}-t{d}", day.AddMinutes(5), organisation, Channel.Text, waitS: 40, talkS: 420, acwS: 0, topics: ["general"], csat: 4));
            if (d % 2 == 0)
            {
                records.Add(Abandoned($"{organisation}-a{d}", day.AddMinutes(10), organisation, waitS: 30));
            }

            if (d % 10 == 0)
            {
                records.Add(Answered($"{organisation}-w{d}", day.AddMinutes(15), organisation, Channel.Video, waitS: 0, talkS: 600, acwS: 120, topics: ["general"]) with
                {
                    ComplaintCategory = ComplaintCategory.WaitingTime,
                    ComplaintConfirmed = true,
                });
            }

            if (d % 7 == 0 && d <= 175)
            {
                records.Add(Answered($"{organisation}-r{d}", day.AddDays(1).AddHours(2), organisation, waitS: 12, talkS: 240, acwS: 60, card: $"{organisation}-c{d}", topics: ["pension"]));
            }
        }

        records.Add(Answered($"{organisation}-edge-jan", new DateTimeOffset(2026, 1, 1, 0, 10, 0, moscow), organisation, waitS: 12, talkS: 240, acwS: 60, topics: ["general"]));
        records.Add(Answered($"{organisation}-edge-jul1", new DateTimeOffset(2026, 7, 1, 0, 30, 0, moscow), organisation, Channel.Text, waitS: 40, talkS: 420, acwS: 0, topics: ["general"]));
        records.Add(Answered($"{organisation}-edge-jul2", new DateTimeOffset(2026, 7, 1, 2, 0, 0, moscow), organisation, Channel.Text, waitS: 40, talkS: 420, acwS: 0, topics: ["general"]));
        records.Add(Answered($"{organisation}-edge-dec", new DateTimeOffset(2025, 12, 31, 23, 30, 0, moscow), organisation, Channel.Text, waitS: 40, talkS: 420, acwS: 0, topics: ["general"]));
        return records;
    }

    /// <summary>RFC 4180 reading, for round-trip checks: quoted fields, doubled quotes, CRLF records.</summary>
    public static List<string[]> ParseCsv(string csv)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(fields);
        Assert.Equal(0, field.Length);
        return rows;
    }
}
