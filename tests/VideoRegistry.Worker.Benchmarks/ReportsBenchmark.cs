using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using VideoRegistry.Core.Geo;
using VideoRegistry.Core.Health;
using VideoRegistry.Core.Probing;
using VideoRegistry.Core.Registry;
using VideoRegistry.Core.Reports;
using VideoRegistry.Storage;
using VideoRegistry.Storage.Health;
using VideoRegistry.Storage.Registry;
using VideoRegistry.Worker.Reports;

namespace VideoRegistry.Worker.Benchmarks;

/// <summary>
/// Uptime report and dead list on a real SQLite file with a synthetic county.
/// Arguments: [cameras=100000] [days=30] [db path (kept and reused when it exists; default a temp file, deleted)].
/// Generated, in one transaction with prepared statements: the registry; the day-granular cumulative table
/// (<c>health_cumulative</c>, one row per camera per day boundary, days + 1 boundaries) for the whole period; hourly
/// rollups only for the first and the last day of the period (what a non-day-aligned period reads at its edges; the
/// hours in between are summarised by the cumulative rows, as the rollup job leaves them); the transitions of the
/// outages and the current states. 2 % of cameras have one 3-hour outage in the period, 1 % are degraded
/// throughout; now 2 % are offline and 1 % degraded.
/// </summary>
internal static class ReportsBenchmark
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string[] args)
    {
        var cameras = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var keep = args.Length > 2;
        var path = keep ? args[2] : Path.Combine(Path.GetTempPath(), $"vr-reports-bench-{Guid.NewGuid():N}.db");
        var start = End.AddDays(-days);
        var clock = new FakeTimeProvider(End.AddHours(12));
        var database = new SqliteDatabase(path);
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length == 0)
            {
                await database.MigrateAsync();
                var generate = Stopwatch.StartNew();
                await GenerateAsync(database, clock, cameras, start, days);
                Console.WriteLine($"generated {cameras:N0} cameras × {days} days: {(long)cameras * (days + 1):N0} cumulative rows, {(long)cameras * Math.Min(48, days * 24):N0} hourly rollups (first and last day), in {generate.Elapsed.TotalSeconds:F1} s; file {new FileInfo(path).Length / 1e6:F0} MB");
            }
            else
            {
                await database.MigrateAsync();
                Console.WriteLine($"reusing {path} ({new FileInfo(path).Length / 1e6:F0} MB)");
            }

            for (var pass = 1; pass <= 3; pass++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                TimeSpan Cpu()
                {
                    var now = Process.GetCurrentProcess().TotalProcessorTime;
                    var spent = now - cpu0;
                    cpu0 = now;
                    return spent;
                }

                var all = await new SqliteCameraRepository(database, clock).ListSummariesAsync(CancellationToken.None);
                var tList = Cpu();
                var seconds = await new AvailabilityStore(database, clock).ReadAsync(start, End, CancellationToken.None);
                var tRead = Cpu();
                var moves = await new HealthStore(database).TransitionsAsync(null, start - ReportService.RepairLookback, End, CancellationToken.None);
                var tMoves = Cpu();
                var states = await new HealthStore(database).LoadStatesAsync([HealthState.Offline, HealthState.Degraded], CancellationToken.None);
                var tStates = Cpu();
                _ = UptimeReport.Build(all, seconds, moves, new TimeWindow(start, End), UptimeGrouping.Township);
                var tBuild = Cpu();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"parts (CPU): list {all.Count:N0} cameras {tList.TotalMilliseconds:F0} ms; seconds read {seconds.Count:N0} {tRead.TotalMilliseconds:F0} ms; transitions {moves.Count:N0} {tMoves.TotalMilliseconds:F0} ms; dead states {states.Count:N0} {tStates.TotalMilliseconds:F0} ms; build {tBuild.TotalMilliseconds:F0} ms"));
            }

            var service = new ReportService(new SqliteCameraRepository(database, clock), new SqliteGridRepository(database, clock), new HealthStore(database), new AvailabilityStore(database, clock), clock);
            for (var run = 1; run <= 5; run++)
            {
                // CPU time next to wall time: the machine is shared, so wall time includes waiting for a core.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var uptime = await service.UptimeAsync(start, End, UptimeGrouping.Township, CancellationToken.None);
                var uptimeTime = sw.Elapsed;
                var uptimeCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                sw.Restart();
                var byClass = await service.UptimeAsync(start, End, UptimeGrouping.Class, CancellationToken.None);
                var classTime = sw.Elapsed;
                sw.Restart();
                var byCamera = await service.UptimeAsync(start, End, UptimeGrouping.Camera, CancellationToken.None);
                var cameraTime = sw.Elapsed;
                sw.Restart();
                var csv = ReportCsv.ToBytes(byCamera.ToTables());
                var csvTime = sw.Elapsed;
                sw.Restart();

                // Not day-aligned: 18 hours at each edge come from the hourly rollups.
                var edges = await service.UptimeAsync(start.AddHours(6), End.AddHours(-6), UptimeGrouping.Township, CancellationToken.None);
                var edgesTime = sw.Elapsed;
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                var dead = await service.DeadAsync(CancellationToken.None);
                var deadTime = sw.Elapsed;
                var deadCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: uptime by township {uptimeTime.TotalMilliseconds:F0} ms, CPU {uptimeCpu.TotalMilliseconds:F0} ms ({uptime.Groups.Count} groups, {uptime.Total.Cameras:N0} cameras, 在线率 {ReportCells.Percent(uptime.Total.OnlineRate)}, outages {uptime.Total.Outages:N0}); "
                    + $"by class {classTime.TotalMilliseconds:F0} ms ({byClass.Groups.Count} groups); "
                    + $"by camera {cameraTime.TotalMilliseconds:F0} ms (+ CSV {csvTime.TotalMilliseconds:F0} ms, {csv.Length / 1e6:F1} MB); "
                    + $"by township, period not day-aligned (±6 h) {edgesTime.TotalMilliseconds:F0} ms (在线率 {ReportCells.Percent(edges.Total.OnlineRate)}); "
                    + $"dead list {deadTime.TotalMilliseconds:F0} ms, CPU {deadCpu.TotalMilliseconds:F0} ms ({dead.Offline:N0} offline, {dead.Degraded:N0} degraded)"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!keep)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Seconds online, degraded, offline and outages started of camera <paramref name="i"/> in hour <paramref name="h"/>.</summary>
    private static (double On, double Deg, double Off, int Outage) Hour(int i, int h, int hours)
    {
        var outageHour = i % 50 == 0 ? (i * 7) % hours : -1;
        var down = outageHour >= 0 && h >= outageHour && h < outageHour + 3;
        return down
            ? (0, 0, 3600, h == outageHour ? 1 : 0)
            : i % 100 == 1 ? (0, 3600, 0, 0) : (3600, 0, 0, 0);
    }

    private static GbDeviceId Id(int i) => GbDeviceId.Parse($"6206220000{(i % 2 == 0 ? 131 : 132)}0{i:000000}");

    private static async Task GenerateAsync(SqliteDatabase database, TimeProvider clock, int count, DateTimeOffset start, int days)
    {
        var list = new List<Camera>(count);
        for (var i = 0; i < count; i++)
        {
            var township = $"乡镇{i % 20:00}";
            list.Add(new Camera
            {
                DeviceId = Id(i),
                Name = $"{township}人民路{i}号卡口",
                Class = (CameraClass)(1 + (i % 3)),
                Township = township,
                Village = $"村{i % 300:000}",
                Grid = $"620622-{i % 690:0000}",
                Location = GeoPoint.FromWgs84(102.6 + (i % 1400) * 0.001, 37.0 + (i % 900) * 0.001).Value,
                SiteType = (i % 4) switch { 0 => "主要路段", 1 => "居民小区", 2 => "学校", _ => "重点集镇" },
                Stream = StreamEndpoint.Parse($"rtsp://10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:554/live"),
            });
        }

        await new SqliteCameraRepository(database, clock).UpsertAsync(list, null, CancellationToken.None);

        var hours = days * 24;
        await using var connection = await database.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        var startMs = start.ToUnixTimeMilliseconds();
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            // Hourly rollups of the first and last day only, hour-major like the rollup job writes them.
            await using var hourly = connection.CreateCommand();
            hourly.Transaction = tx;
            hourly.CommandText = "INSERT INTO health_rollups (device_id, hour_ms, online_s, degraded_s, offline_s, unknown_s, maintenance_s, outages, end_state) VALUES ($id, $hour, $on, $deg, $off, 0, 0, $out, $end)";
            var pId = hourly.Parameters.Add("$id", SqliteType.Text);
            var pHour = hourly.Parameters.Add("$hour", SqliteType.Integer);
            var pOn = hourly.Parameters.Add("$on", SqliteType.Real);
            var pDeg = hourly.Parameters.Add("$deg", SqliteType.Real);
            var pOff = hourly.Parameters.Add("$off", SqliteType.Real);
            var pOut = hourly.Parameters.Add("$out", SqliteType.Integer);
            var pEnd = hourly.Parameters.Add("$end", SqliteType.Text);
            hourly.Prepare();
            var ids = Enumerable.Range(0, count).Select(i => Id(i).Value).ToArray();
            foreach (var h in Enumerable.Range(0, 24).Concat(Enumerable.Range(hours - 24, 24)).Distinct())
            {
                pHour.Value = startMs + (h * 3_600_000L);
                for (var i = 0; i < count; i++)
                {
                    var (on, deg, off, outage) = Hour(i, h, hours);
                    pId.Value = ids[i];
                    pOn.Value = on;
                    pDeg.Value = deg;
                    pOff.Value = off;
                    pOut.Value = outage;
                    pEnd.Value = off > 0 ? "offline" : deg > 0 ? "degraded" : "online";
                    await hourly.ExecuteNonQueryAsync();
                }
            }

            // Cumulative rows at every day boundary of the period, day-major like the rollup job writes them.
            await using var cumulative = connection.CreateCommand();
            cumulative.Transaction = tx;
            cumulative.CommandText = "INSERT INTO health_cumulative (day_ms, device_id, online_ms, degraded_ms, offline_ms, unknown_ms, maintenance_ms, outages) VALUES ($day, $id, $on, $deg, $off, 0, 0, $out)";
            var cDay = cumulative.Parameters.Add("$day", SqliteType.Integer);
            var cId = cumulative.Parameters.Add("$id", SqliteType.Text);
            var cOn = cumulative.Parameters.Add("$on", SqliteType.Integer);
            var cDeg = cumulative.Parameters.Add("$deg", SqliteType.Integer);
            var cOff = cumulative.Parameters.Add("$off", SqliteType.Integer);
            var cOut = cumulative.Parameters.Add("$out", SqliteType.Integer);
            cumulative.Prepare();
            var sums = new long[count, 4];
            for (var d = 0; d <= days; d++)
            {
                cDay.Value = startMs + (d * 86_400_000L);
                for (var i = 0; i < count; i++)
                {
                    if (d > 0)
                    {
                        for (var h = (d - 1) * 24; h < d * 24; h++)
                        {
                            var (on, deg, off, outage) = Hour(i, h, hours);
                            sums[i, 0] += (long)(on * 1000);
                            sums[i, 1] += (long)(deg * 1000);
                            sums[i, 2] += (long)(off * 1000);
                            sums[i, 3] += outage;
                        }
                    }

                    cId.Value = ids[i];
                    cOn.Value = sums[i, 0];
                    cDeg.Value = sums[i, 1];
                    cOff.Value = sums[i, 2];
                    cOut.Value = sums[i, 3];
                    await cumulative.ExecuteNonQueryAsync();
                }
            }

            await using var progress = connection.CreateCommand();
            progress.Transaction = tx;
            progress.CommandText = "INSERT INTO health_rollup_progress (id, rolled_until_ms) VALUES (1, $until) ON CONFLICT (id) DO UPDATE SET rolled_until_ms = excluded.rolled_until_ms";
            progress.Parameters.AddWithValue("$until", End.ToUnixTimeMilliseconds());
            await progress.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        var transitions = new List<HealthTransition>();
        var states = new List<CameraHealth>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % 50 == 0)
            {
                var at = start.AddHours((i * 7) % hours);
                transitions.Add(new HealthTransition(Id(i), at, HealthState.Online, HealthState.Offline, "timeout"));
                transitions.Add(new HealthTransition(Id(i), at.AddHours(3), HealthState.Offline, HealthState.Online, TransitionReasons.Recovered));
            }

            var state = (i % 100) switch { 0 or 50 => HealthState.Offline, 1 => HealthState.Degraded, _ => HealthState.Online };
            states.Add(new CameraHealth
            {
                DeviceId = Id(i),
                State = state,
                Since = End.AddHours(-(i % 48)),
                Reason = state == HealthState.Offline ? ProbeReason.Timeout : state == HealthState.Degraded ? ProbeReason.Black : ProbeReason.None,
                LastSuccess = End.AddHours(-(i % 48)),
                LastProbe = End,
            });
        }

        await new HealthStore(database).SaveAsync(transitions, states, [], CancellationToken.None);
    }
}
