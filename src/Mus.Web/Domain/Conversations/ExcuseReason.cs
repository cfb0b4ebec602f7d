namespace Mus.Web.Domain.Conversations;

/// <summary>
/// Why someone is excused from a round. A fixed list on purpose: a free-text reason ("maternity
/// leave until March", "long-term sick") is personal and often health data, kept in plain sight of
/// HR and outside the sealed compartments. The kinds say enough to plan the round and to count, and
/// "long absence" covers leave and illness alike without saying which.
/// </summary>
public enum ExcuseReason
{
    LongAbsence,
    Leaving,
    NewlyStarted,
    HeldOtherwise,
    Other,
}
