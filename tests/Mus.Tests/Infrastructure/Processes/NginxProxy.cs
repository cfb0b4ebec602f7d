using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mus.Tests.Infrastructure.Processes;

/// <summary>
/// Debian's nginx in front of several MUS processes, as docs/deployment.md sets it up: TLS at the
/// proxy, round-robin to the instances over plain HTTP with X-Forwarded-Proto. Each answer carries
/// the instance that gave it (X-Upstream), and a failed answer is passed on, not retried elsewhere,
/// so the test sees every failure.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private NginxProxy(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"https://localhost:{Port}");

    public static async Task<NginxProxy> StartAsync(IEnumerable<int> upstreamPorts, int port)
    {
        const string nginx = "/usr/sbin/nginx";
        Assert.True(File.Exists(nginx), "Debian's nginx is missing: the test script installs it (apt-get install nginx).");
        var directory = Path.Combine(Path.GetTempPath(), "mus-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        var servers = string.Join("\n", upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=0;"));
        var user = Environment.UserName == "root" ? "user root;" : "";
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                upstream mus {
            {{servers}}
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{directory}}/cert.pem;
                    ssl_certificate_key {{directory}}/key.pem;
                    client_max_body_size 12m;
                    location / {
                        proxy_pass http://mus;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_next_upstream off;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """);

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf") })
        {
            start.ArgumentList.Add(argument);
        }

        var proxy = new NginxProxy(Process.Start(start)!, directory, port);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (System.Net.Sockets.SocketException)
            {
                Assert.False(proxy.process.HasExited, "nginx stopped: " + await proxy.process.StandardError.ReadToEndAsync());
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not listen within 10 s.");
    }

    /// <summary>A client as a browser would be: cookies kept, redirects not followed, the test's own certificate accepted.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    {
        BaseAddress = Address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
