using System.Diagnostics;
using System.Text;

namespace Mus.Tests.Infrastructure.Processes;

/// <summary>
/// A program written by others (node with a parser, qpdf, python3, podman, a script), run to the end
/// with what it reads on standard input; what it wrote comes back, and a run that outlasts its time
/// is killed and fails the test.
/// </summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        public Result Succeeded(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed ({ExitCode}):\n{Output}\n{Errors}");
            return this;
        }
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? input = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (output) { output.AppendLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { lock (errors) { errors.AppendLine(line.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran over {timeout}:\n{output}\n{errors}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString(), errors.ToString());
    }
}
