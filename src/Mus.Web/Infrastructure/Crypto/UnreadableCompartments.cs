namespace Mus.Web.Infrastructure.Crypto;

/// <summary>
/// The compartments this request could not open (altered, swapped or moved ciphertext, or a key
/// that is not theirs). They are shown as empty, and the layout tells the reader so.
/// </summary>
public sealed class UnreadableCompartments
{
    private readonly List<(int ConversationId, PartKind Kind)> found = [];

    public bool Any => found.Count > 0;

    public void Add(int conversationId, PartKind kind) => found.Add((conversationId, kind));
}
