using ContactCenter.Model;

namespace ContactCenter.Reporting;

/// <summary>
/// The KPIs of a period, finished from the store's sums. The telephone KPIs (average wait, service
/// level, lost share) are over voice contacts, as the regulation words them ("by telephone
/// channels", "lost calls"); the others over every channel. Inbound contacts only: callback tasks
/// are the centre's own outbound work. Ratios and averages are null when nothing they divide by
/// happened.
/// </summary>
public sealed record KpiFigures(
    long Contacts,
    IReadOnlyDictionary<Channel, long> ContactsByChannel,
    long Answered,
    long Abandoned,
    long AbandonedShort,
    long Unanswered,
    long Handled,
    long ClosedForInactivity,
    long Transferred,
    long BreachedTransfers,
    TimeSpan? AverageWait,
    TimeSpan? AverageSpeedOfAnswer,
    double? ServiceLevel,
    double? LostShare,
    TimeSpan? AverageHandleTime,
    TimeSpan? AverageTalkTime,
    TimeSpan? AverageAfterCallWork,
    double? FirstContactResolution,
    double? CsatAverage,
    double? CsatSatisfiedShare,
    double? CsatDissatisfiedShare,
    long Complaints,
    long ComplaintsConfirmed);

public static class Kpis
{
    /// <summary>
    /// Average wait = (wait of answered + wait of lost) ÷ (answered + lost); service level =
    /// answered within the target ÷ (answered + lost); lost share = lost ÷ (offered − short
    /// abandons), where lost means abandoned after the short-abandon threshold (5 s) — the live
    /// statistics' definitions. AHT = (talk + after-call work) ÷ handled. FCR = resolved at first
    /// contact ÷ answered. CSAT = mean score; satisfied 4–5, dissatisfied 1–2, as shares of the scored.
    /// </summary>
    public static KpiFigures From(IReadOnlyDictionary<Channel, KpiTotals> byChannel)
    {
        var all = KpiTotals.Sum(byChannel.Values);
        var voice = byChannel.GetValueOrDefault(Channel.Voice) ?? KpiTotals.Zero;
        var served = voice.Answered + voice.Abandoned;
        return new KpiFigures(
            all.Contacts,
            Enum.GetValues<Channel>().ToDictionary(c => c, c => byChannel.GetValueOrDefault(c)?.Contacts ?? 0),
            all.Answered,
            all.Abandoned,
            all.AbandonedShort,
            all.Unanswered,
            all.Handled,
            all.ClosedForInactivity,
            all.Transferred,
            all.BreachedTransfers,
            AverageWait: Average(voice.AnsweredWaitMs + voice.AbandonedWaitMs, served),
            AverageSpeedOfAnswer: Average(voice.AnsweredWaitMs, voice.Answered),
            ServiceLevel: Share(voice.AnsweredWithinTarget, served),
            LostShare: Share(voice.Abandoned, voice.Offered - voice.AbandonedShort),
            AverageHandleTime: Average(all.TalkMs + all.AfterCallWorkMs, all.Handled),
            AverageTalkTime: Average(all.TalkMs, all.Handled),
            AverageAfterCallWork: Average(all.AfterCallWorkMs, all.Handled),
            FirstContactResolution: Share(all.ResolvedFirstContact, all.Answered),
            CsatAverage: all.Surveyed == 0 ? null : (double)all.SurveyScoreSum / all.Surveyed,
            CsatSatisfiedShare: Share(all.Satisfied, all.Surveyed),
            CsatDissatisfiedShare: Share(all.Dissatisfied, all.Surveyed),
            all.Complaints,
            all.ComplaintsConfirmed);
    }

    private static double? Share(long part, long whole) => whole <= 0 ? null : (double)part / whole;

    private static TimeSpan? Average(long totalMs, long count) =>
        count <= 0 ? null : TimeSpan.FromMilliseconds((double)totalMs / count);
}
