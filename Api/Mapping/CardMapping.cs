using ContactCenter.Interactions;
using ContactCenter.Model;
using Google.Protobuf.WellKnownTypes;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Api.Mapping;

/// <summary>The card's operator fields, transcript, recordings and complaint review, both ways.</summary>
public static class CardMapping
{
    // Arrays, not collection expressions: those make a compiler-generated list type whose codec
    // Orleans looks up by name on every write of the stored interaction.
    public static Completion ToDomain(this P.CompleteInteractionRequest request) => new(
        request.Topics.ToArray(),
        request.Answer,
        OrNull(request.Comment),
        request.Questions.ToArray(),
        OrNull(request.KnowledgeSource),
        request.Complaint is { } complaint ? new Complaint(complaint.Category.ToDomain(), complaint.Text) : null);

    public static ComplaintCategory ToDomain(this P.ComplaintCategory category) => category switch
    {
        P.ComplaintCategory.OperatorConduct => ComplaintCategory.OperatorConduct,
        P.ComplaintCategory.IncorrectInformation => ComplaintCategory.IncorrectInformation,
        P.ComplaintCategory.WaitingTime => ComplaintCategory.WaitingTime,
        P.ComplaintCategory.Redirection => ComplaintCategory.Redirection,
        P.ComplaintCategory.TechnicalProblem => ComplaintCategory.TechnicalProblem,
        P.ComplaintCategory.PersonalData => ComplaintCategory.PersonalData,
        P.ComplaintCategory.Other => ComplaintCategory.Other,
        _ => throw ContactCenterException.Invalid($"complaint.category is required (a COMPLAINT_CATEGORY_* other than UNSPECIFIED), was {category}"),
    };

    public static P.ComplaintCategory ToProto(this ComplaintCategory category) => category switch
    {
        ComplaintCategory.OperatorConduct => P.ComplaintCategory.OperatorConduct,
        ComplaintCategory.IncorrectInformation => P.ComplaintCategory.IncorrectInformation,
        ComplaintCategory.WaitingTime => P.ComplaintCategory.WaitingTime,
        ComplaintCategory.Redirection => P.ComplaintCategory.Redirection,
        ComplaintCategory.TechnicalProblem => P.ComplaintCategory.TechnicalProblem,
        ComplaintCategory.PersonalData => P.ComplaintCategory.PersonalData,
        ComplaintCategory.Other => P.ComplaintCategory.Other,
        _ => P.ComplaintCategory.Unspecified,
    };

    /// <summary>Fills the card fields of <paramref name="message"/> (Interaction fields 40-49).</summary>
    public static void AddCard(this P.Interaction message, InteractionView view)
    {
        var completion = view.Completion;
        message.Questions.Add(completion?.Questions ?? []);
        message.KnowledgeSource = completion?.KnowledgeSource ?? string.Empty;
        if (completion?.Complaint is { } complaint)
        {
            message.Complaint = new P.Complaint { Category = complaint.Category.ToProto(), Text = complaint.Text };
        }

        if (view.ComplaintReview is { } review)
        {
            message.ComplaintReview = new P.ComplaintReview
            {
                SupervisorId = review.SupervisorId,
                Confirmed = review.Confirmed,
                Note = review.Note ?? string.Empty,
                ReviewedAt = Timestamp.FromDateTimeOffset(review.ReviewedAt),
            };
        }

        message.Transcript.Add(view.Transcript.Select(line => new P.TranscriptLine
        {
            At = Timestamp.FromDateTimeOffset(line.At),
            Author = line.Author,
            Text = line.Text,
        }));
        message.TranscriptLineCount = view.TranscriptLineCount;
        message.Recordings.Add(view.Recordings.Select(recording => new P.Recording
        {
            Uri = recording.Uri,
            AttachedAt = Timestamp.FromDateTimeOffset(recording.AttachedAt),
        }));
    }

    private static string? OrNull(string value) => string.IsNullOrEmpty(value) ? null : value;
}
