using ContactCenter.Tests.Infrastructure;

namespace ContactCenter.Tests.Api;

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
