using System.Text;
using ContactCenter.Api.Mapping;
using ContactCenter.Interactions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using P = ContactCenter.Api.Protos;

namespace ContactCenter.Tests.Api;

/// <summary>
/// Lists the gRPC mapping puts into stored records are arrays: a collection expression typed as a
/// list interface makes a compiler-generated type that Orleans does not know, so it falls back to
/// its list-interface codec, resolves that codec on every write and writes its name into every
/// stored copy; an array is written under a short well-known id.
/// </summary>
public sealed class StoredListShapeTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static bool NamesAFallbackListCodec<T>(T value) =>
        Encoding.UTF8.GetString(Serializer.SerializeToArray(value)).Contains("ListInterfaceCodec", StringComparison.Ordinal);

    [Fact]
    public void The_check_sees_a_compiler_generated_list_in_a_serialized_record()
    {
        IReadOnlyList<string> topics = ["pension/indexation"];

        Assert.True(NamesAFallbackListCodec(new Completion(topics, "explained", null)));
    }

    [Fact]
    public void A_completion_from_the_desk_carries_its_topics_and_questions_as_arrays()
    {
        var request = new P.CompleteInteractionRequest { Answer = "explained" };
        request.Topics.Add(["pension/indexation", "pension/payment"]);
        request.Questions.Add("when is the payment");

        var completion = request.ToDomain();

        Assert.Equal(["pension/indexation", "pension/payment"], completion.Topics);
        Assert.Equal(["when is the payment"], completion.Questions);
        Assert.False(NamesAFallbackListCodec(completion));
    }

    [Fact]
    public void An_operator_profile_from_the_admin_api_carries_its_lines_regions_and_languages_as_arrays()
    {
        var message = new P.OperatorProfile { Id = "op-1", Name = "Ivanova", OrganisationId = "sfr" };
        message.Lines.Add(P.Line.First);
        message.Regions.Add("77");
        message.Languages.Add("ru");
        message.Capacity.Add(new P.ChannelCapacity { Channel = P.Channel.Voice, Capacity = 1 });

        var profile = message.ToDomain();

        Assert.Equal(["77"], profile.Regions);
        Assert.False(NamesAFallbackListCodec(profile));
    }
}
