using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Registry.Import;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Export;
using VideoRegistry.Storage.Import;
using VideoRegistry.Storage.Registry;

namespace VideoRegistry.Worker.Benchmarks;

/// <summary>
/// Imports a generated registry CSV (default 100,000 rows, the importer's real column set, UTF-8 with BOM) into a fresh
/// SQLite file, then imports it again (every row unchanged). Prints rows/s (wall and per CPU-second) and peak memory.
/// Arguments: row count (default 100000); <c>--phases</c> also times decode, parse, validate and the store write apart.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var phases = args.Contains("--phases");
        var numbers = args.Where(a => a != "--phases").ToArray();
        var rows = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "vr-import-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "registry.csv");
            await using (var writer = new StreamWriter(csv, append: false, RegistryExporter.CsvEncoding))
            {
                // Streamed row by row so generating the file does not set the process's peak memory.
                RegistryCsvWriter.WriteCameras(writer, Generate(rows), includeCredentials: true);
            }

            var database = new SqliteDatabase(Path.Combine(dir, "registry.db"));
            await database.MigrateAsync();
            var importer = new RegistryImporter(new SqliteCameraRepository(database, TimeProvider.System), new SqliteGridRepository(database, TimeProvider.System));
            if (phases)
            {
                // Separate from the measured imports: it raises the process's peak memory.
                Phases(csv);
            }

            GC.Collect();
            var before = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"file: {rows:N0} rows, {new FileInfo(csv).Length / 1048576.0:0.0} MB; working set before import {before.WorkingSet64 / 1048576.0:0} MB (peak so far {before.PeakWorkingSet64 / 1048576.0:0} MB)"));

            foreach (var pass in new[] { "fresh store", "re-import (unchanged)" })
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                ImportReport report;
                await using (var stream = File.OpenRead(csv))
                {
                    report = await importer.ImportAsync(stream, new ImportOptions { County = "620622", SourceName = csv, ImportedBy = "benchmark" }, CancellationToken.None);
                }

                clock.Stop();
                var process = Process.GetCurrentProcess();
                var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{pass}: {report.Total:N0} rows in {clock.Elapsed.TotalSeconds:0.00} s wall = {report.Total / clock.Elapsed.TotalSeconds:N0} rows/s " +
                    $"(CPU {cpuSeconds:0.00} s = {report.Total / cpuSeconds:N0} rows per CPU-second; load average {LoadAverage()}) " +
                    $"(accepted {report.Accepted:N0}, inserted {report.Inserted:N0}, unchanged {report.Unchanged:N0}, committed {report.Committed}); " +
                    $"peak working set {process.PeakWorkingSet64 / 1048576.0:0} MB, allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:0} MB"));
                if (report.ExitCode != 0 || !report.Committed)
                {
                    throw new InvalidOperationException("benchmark registry did not import cleanly");
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The 1-minute load average, to read a wall-clock figure taken on a shared machine.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>Where the time goes without the store: decode, parse and validate only.</summary>
    private static void Phases(string csv)
    {
        static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var start = Cpu();
        var (text, _) = TextEncodingDetector.Decode(File.ReadAllBytes(csv));
        var decode = Cpu();
        var records = CsvReader.Parse(text).ToList();
        var parse = Cpu();
        var map = HeaderMap.Resolve(records[0].Fields, RegistryColumns.Camera);
        var verdicts = RegistryRowValidator.ValidateCameras(records.Skip(1).ToList(), map, "620622");
        var validate = Cpu();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phases (no store, CPU): decode {(decode - start).TotalSeconds:0.00} s, parse {(parse - decode).TotalSeconds:0.00} s, validate {(validate - parse).TotalSeconds:0.00} s for {verdicts.Count:N0} rows"));
        var cameras = verdicts.Select(v => v.Value!).ToList();
        foreach (var audited in new[] { true, false })
        {
            var database = new SqliteDatabase(Path.Combine(Path.GetDirectoryName(csv)!, $"phase-{audited}.db"));
            database.MigrateAsync().GetAwaiter().GetResult();
            var repository = new SqliteCameraRepository(database, TimeProvider.System);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            repository.UpsertAsync(cameras, audited ? new ImportAudit("cameras", csv, "benchmark") : null, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"phase upsert only ({(audited ? "with" : "without")} audit rows): {clock.Elapsed.TotalSeconds:0.00} s wall, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s"));
        }
    }

    private static IEnumerable<Camera> Generate(int rows)
    {
        string[] sites = ["主要路段", "居民小区", "学校", "重点集镇", "医院"];
        for (var i = 1; i <= rows; i++)
        {
            var township = string.Create(CultureInfo.InvariantCulture, $"乡镇{i % 20:00}");
            var url = string.Create(CultureInfo.InvariantCulture, $"rtsp://10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:554/Streaming/Channels/101");
            yield return new Camera
            {
                DeviceId = GbDeviceId.Parse(string.Create(CultureInfo.InvariantCulture, $"62062200{(i % 3 == 1 ? "00" : "01")}{(i % 2 == 0 ? 131 : 132)}{i / 1_000_000}{i % 1_000_000:000000}")),
                Name = string.Create(CultureInfo.InvariantCulture, $"{township}人民路{i}号, 东口"),
                Class = (CameraClass)(1 + (i % 3)),
                Township = township,
                Village = string.Create(CultureInfo.InvariantCulture, $"村{i % 300:000}"),
                Grid = string.Create(CultureInfo.InvariantCulture, $"620622{i % 20:00}{i % 35:000}"),
                Location = GeoPoint.FromWgs84(102.6 + (i % 1400 * 0.001), 37.0 + (i % 900 * 0.001)).Value,
                SiteType = sites[i % sites.Length],
                Owner = "中国电信古浪分公司",
                Stream = i % 100 == 0 ? StreamEndpoint.Parse(url, "admin", "bench-pass") : StreamEndpoint.Parse(url),
                Upstream = GbDeviceId.Parse(string.Create(CultureInfo.InvariantCulture, $"6206220001118{i / 64 % 10}{i / 640:000000}")),
            };
        }
    }
}
