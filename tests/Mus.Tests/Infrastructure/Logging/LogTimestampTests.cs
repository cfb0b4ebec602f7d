using System.Globalization;
using Mus.Web.Infrastructure.Logging;

namespace Mus.Tests.Infrastructure.Logging;

public sealed class LogTimestampTests
{
    [Theory]
    [InlineData("da-DK")]
    [InlineData("en-GB")]
    [InlineData("fi-FI")]
    public void TheTimestamp_IsIso8601_InEveryCulture(string culture)
    {
        var moment = new DateTimeOffset(2026, 11, 27, 8, 22, 31, 456, TimeSpan.Zero);

        var written = moment.ToString(LoggingRegistration.TimestampFormat, CultureInfo.GetCultureInfo(culture));

        Assert.Equal("2026-11-27T08:22:31.456Z", written);
    }
}
