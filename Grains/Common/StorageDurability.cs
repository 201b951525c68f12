namespace ContactCenter.Common;

/// <summary>Whether grain state outlives the silo (PostgreSQL) or dies with it (in-memory storage).</summary>
public sealed record StorageDurability(bool Durable);
