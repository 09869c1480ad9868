using System.CommandLine;
using System.Text;
using VideoRegistry.Storage.Export;

namespace VideoRegistry.Worker.Cli;

/// <summary>
/// <c>videoregistry export [--db PATH] [--format csv|json] [--output FILE] [--include-credentials] [--grids]</c>:
/// the registry as the importer reads it back (CSV: UTF-8 with BOM, Chinese headers). Stream credentials only
/// with <c>--include-credentials</c>.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var format = new Option<string>("--format") { Description = "导出格式 / format: csv | json", DefaultValueFactory = _ => "csv" };
        var output = new Option<string?>("--output", "-o") { Description = "输出文件（默认标准输出） / output file (default: standard output)" };
        var includeCredentials = new Option<bool>("--include-credentials") { Description = "导出取流用户名和密码（请妥善保管文件） / include stream user names and passwords (keep the file safe)" };
        var grids = new Option<bool>("--grids") { Description = "导出网格编码目录 / export the grid catalogue instead of the cameras" };
        var command = new Command("export", "导出台账 / export the camera registry or grid catalogue") { db, format, output, includeCredentials, grids };
        command.SetAction(async (parse, ct) =>
        {
            var request = new ExportRequest(parse.GetValue(db), parse.GetValue(format) ?? "csv", parse.GetValue(output), parse.GetValue(includeCredentials), parse.GetValue(grids));
            return await RunAsync(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    internal sealed record ExportRequest(string? Db, string Format, string? Output, bool IncludeCredentials, bool Grids);

    internal static async Task<int> RunAsync(ExportRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ExportFormat format;
        switch (request.Format.Trim().ToLowerInvariant())
        {
            case "csv":
                format = ExportFormat.Csv;
                break;
            case "json":
                format = ExportFormat.Json;
                break;
            default:
                await error.WriteLineAsync($"未知导出格式 '{request.Format}' / unknown --format '{request.Format}'; expected csv or json");
                return CommonOptions.BadInput;
        }

        if (request.Grids && request.IncludeCredentials)
        {
            await error.WriteLineAsync("网格目录没有凭据 / --include-credentials applies to cameras, not to --grids");
            return CommonOptions.BadInput;
        }

        var path = RegistryStore.ResolvePath(request.Db);
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"没有台账数据库 '{path}' / no registry database at '{path}' (import or run `videoregistry demo` first)");
            return CommonOptions.BadInput;
        }

        var store = await RegistryStore.OpenAsync(path, migrate: true, cancellationToken);
        var what = request.Grids ? "网格 grids" : "摄像机 cameras";
        int count;
        if (request.Output is { } file)
        {
            var full = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var temp = full + ".partial";
            try
            {
                await using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                count = await WriteAsync(store, stream, format, request, cancellationToken);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }

            // Whole file or nothing: a cancelled export never leaves a truncated registry behind under the real name.
            File.Move(temp, full, overwrite: true);
            await output.WriteLineAsync($"已导出 {count} 条 {what} → {full} / exported {count} {what.Split(' ')[1]} to {full}");
        }
        else
        {
            using var buffer = new MemoryStream();
            count = await WriteAsync(store, buffer, format, request, cancellationToken);
            // GetString keeps the BOM as U+FEFF, so a redirected stdout is still a BOM-marked UTF-8 file.
            await output.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            await output.FlushAsync(cancellationToken);
        }

        if (request.IncludeCredentials)
        {
            await error.WriteLineAsync("注意：导出内容包含取流密码，请妥善保管 / warning: the export contains stream passwords; keep it safe");
        }

        return CommonOptions.Ok;
    }

    private static Task<int> WriteAsync(RegistryStore store, Stream stream, ExportFormat format, ExportRequest request, CancellationToken cancellationToken) =>
        request.Grids
            ? store.Exporter.WriteGridsAsync(stream, format, cancellationToken)
            : store.Exporter.WriteCamerasAsync(stream, format, request.IncludeCredentials, cancellationToken);
}
