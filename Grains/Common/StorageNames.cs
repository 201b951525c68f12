namespace ContactCenter;

/// <summary>One named grain storage per concern, so each can be placed and tuned on its own.</summary>
public static class StorageNames
{
    public const string Directory = "directory";
    public const string Operators = "operators";
    public const string Queues = "queues";
    public const string Interactions = "interactions";
    public const string Citizens = "citizens";

    public static readonly IReadOnlyList<string> All = [Directory, Operators, Queues, Interactions, Citizens];
}
