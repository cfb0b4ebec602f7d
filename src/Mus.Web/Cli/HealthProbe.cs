namespace Mus.Web.Cli;

/// <summary>
/// <c>Mus.Web probe</c>: asks a running MUS whether it is ready, for a container's HEALTHCHECK (the slim
/// image has no curl). It starts nothing of the application: one GET, exit 0 for 200, 1 otherwise.
/// </summary>
public static class HealthProbe
{
    public const string Name = "probe";

    /// <summary>This host, on the first port the instance listens at (ASPNETCORE_HTTP_PORTS, as the image sets it; else 8080).</summary>
    public static string DefaultAddress
    {
        get
        {
            var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return $"http://127.0.0.1:{(ports is [var first, ..] ? first : "8080")}/health/ready";
        }
    }

    public static async Task<int> RunAsync(string address, TextWriter output)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(address);
            output.WriteLine($"{address}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            output.WriteLine($"{address}: {failure.Message}");
            return 1;
        }
    }
}
