namespace Mus.Web.Domain;

/// <summary>
/// Role names. HR and Administrator are granted; Leader is derived on every request from having
/// direct reports, so it follows the organisation without anyone maintaining it.
/// </summary>
public static class Roles
{
    public const string Hr = "HR";
    public const string Administrator = "Administrator";
    public const string Leader = "Leader";
}
