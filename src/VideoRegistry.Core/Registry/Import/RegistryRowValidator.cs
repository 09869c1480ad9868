using System.Globalization;
using System.Text;
using VideoRegistry.Core.Geo;

namespace VideoRegistry.Core.Registry.Import;

/// <summary>
/// Turns the data records of a registry or grid file into per-row verdicts. Every problem of a row is reported
/// (not just the first), each with the field, a stable code and a Chinese + English message. Duplicate keys
/// inside one file reject every copy and name the other rows.
/// </summary>
public static class RegistryRowValidator
{
    public static IReadOnlyList<RowVerdict<Camera>> ValidateCameras(IReadOnlyList<CsvRecord> records, HeaderMap map, string? county)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(map);
        var verdicts = new List<RowVerdict<Camera>>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            verdicts.Add(ValidateCamera(i + 1, records[i], map, county));
        }

        return RejectDuplicates(verdicts, "device_id", "id_duplicate", "设备编码", "device ID");
    }

    public static IReadOnlyList<RowVerdict<Grid>> ValidateGrids(IReadOnlyList<CsvRecord> records, HeaderMap map)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(map);
        var verdicts = new List<RowVerdict<Grid>>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            verdicts.Add(ValidateGrid(i + 1, records[i], map));
        }

        return RejectDuplicates(verdicts, "code", "grid_duplicate", "网格编码", "grid code");
    }

    public static RowVerdict<Camera> ValidateCamera(int row, CsvRecord record, HeaderMap map, string? county)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(map);
        var f = record.Fields;
        var errors = new List<RowError>();

        var rawId = map.Get(f, "device_id");
        var id = GbDeviceId.TryParse(rawId);
        string? key = id.Ok ? id.Value!.Value : rawId;
        if (!id.Ok)
        {
            errors.Add(RowError.From("device_id", id.Error!));
        }
        else if (!id.Value!.IsCamera)
        {
            var type = id.Value.TypeCode;
            errors.Add(new RowError("device_id", "id_not_camera",
                $"设备编码类型码为 {type}（{TypeName(type)}），不是摄像机（131/132） / device type {type} ({TypeName(type)}) is not a camera (131/132); list NVRs and platforms in the 上级设备 ParentID column instead"));
        }

        if (id.Ok && county is not null && id.Value!.AdminCode != county)
        {
            errors.Add(new RowError("device_id", "id_wrong_county",
                $"设备编码行政区划 {id.Value.AdminCode} 与导入县 {county} 不符 / device ID belongs to admin area {id.Value.AdminCode}, not the county being imported ({county})"));
        }

        var name = map.Get(f, "name");
        if (name is null)
        {
            errors.Add(new RowError("name", "name_missing", "设备名称为空 / name is empty"));
        }

        var cls = CameraClassParser.TryParse(map.Get(f, "class"));
        if (!cls.Ok)
        {
            errors.Add(RowError.From("class", cls.Error!));
        }

        var township = map.Get(f, "township");
        if (township is null)
        {
            errors.Add(new RowError("township", "township_missing", "乡镇(街道)为空 / township is empty"));
        }

        var location = ValidateLocation(map, f, errors);

        StreamEndpoint? stream = null;
        var url = map.Get(f, "stream_url");
        var user = map.Get(f, "username");
        var pass = map.Get(f, "password");
        if (url is not null)
        {
            var parsed = StreamEndpoint.TryParse(url, user, pass);
            if (parsed.Ok)
            {
                stream = parsed.Value;
            }
            else
            {
                errors.Add(RowError.From("stream_url", parsed.Error!));
            }
        }
        else if (user is not null || pass is not null)
        {
            errors.Add(new RowError("stream_url", "url_missing", "填写了用户名/密码但取流地址为空 / credentials given without a stream URL"));
        }

        GbDeviceId? upstream = null;
        var rawUpstream = map.Get(f, "upstream");
        if (rawUpstream is not null)
        {
            var parsed = GbDeviceId.TryParse(rawUpstream);
            if (!parsed.Ok)
            {
                errors.Add(new RowError("upstream", "upstream_" + parsed.Error!.Code, "上级设备：" + parsed.Error.Message));
            }
            else if (id.Ok && parsed.Value == id.Value)
            {
                errors.Add(new RowError("upstream", "upstream_self", "上级设备不能是本设备 / a camera cannot be its own upstream device"));
            }
            else
            {
                upstream = parsed.Value;
            }
        }

        var status = CameraLifecycleParser.TryParse(map.Get(f, "status"));
        if (!status.Ok)
        {
            errors.Add(RowError.From("status", status.Error!));
        }

        if (errors.Count > 0)
        {
            return new RowVerdict<Camera>(row, record.Line, key, null, errors);
        }

        var camera = new Camera
        {
            DeviceId = id.Value!,
            Name = name!,
            Class = cls.Value,
            Township = township!,
            Village = map.Get(f, "village"),
            Grid = map.Get(f, "grid"),
            Location = location,
            SiteType = map.Get(f, "site_type"),
            Owner = map.Get(f, "owner"),
            Stream = stream,
            Upstream = upstream,
            Lifecycle = status.Value,
        };
        return new RowVerdict<Camera>(row, record.Line, key, camera, errors);
    }

    public static RowVerdict<Grid> ValidateGrid(int row, CsvRecord record, HeaderMap map)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(map);
        var f = record.Fields;
        var errors = new List<RowError>();
        var code = map.Get(f, "code");
        if (code is not null)
        {
            code = FoldDigits(code);
        }

        if (code is null)
        {
            errors.Add(new RowError("code", "grid_code_missing", "网格编码为空 / grid code is empty"));
        }

        var name = map.Get(f, "name");
        if (name is null)
        {
            errors.Add(new RowError("name", "name_missing", "网格名称为空 / grid name is empty"));
        }

        var township = map.Get(f, "township");
        if (township is null)
        {
            errors.Add(new RowError("township", "township_missing", "乡镇(街道)为空 / township is empty"));
        }

        int? required = null;
        var rawRequired = map.Get(f, "required_cameras");
        if (rawRequired is not null)
        {
            if (int.TryParse(FoldDigits(rawRequired), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000)
            {
                required = n;
            }
            else
            {
                errors.Add(new RowError("required_cameras", "required_cameras_invalid",
                    $"应配摄像机数 '{rawRequired}' 不是非负整数 / required camera count '{rawRequired}' is not a whole number ≥ 0"));
            }
        }

        if (errors.Count > 0)
        {
            return new RowVerdict<Grid>(row, record.Line, code, null, errors);
        }

        return new RowVerdict<Grid>(row, record.Line, code, new Grid
        {
            Code = code!,
            Name = name!,
            Township = township!,
            Village = map.Get(f, "village"),
            Type = map.Get(f, "type"),
            RequiredCameras = required,
        }, errors);
    }

    private static GeoPoint? ValidateLocation(HeaderMap map, IReadOnlyList<string> f, List<RowError> errors)
    {
        var rawLon = map.Get(f, "longitude");
        var rawLat = map.Get(f, "latitude");
        var system = CoordinateSystemParser.TryParse(map.Get(f, "coord_system"));
        if (!system.Ok)
        {
            errors.Add(RowError.From("coord_system", system.Error!));
        }

        if (rawLon is null && rawLat is null)
        {
            return null;
        }

        if (rawLon is null || rawLat is null)
        {
            errors.Add(new RowError(rawLon is null ? "longitude" : "latitude", "coord_incomplete", "经度和纬度须同时填写 / longitude and latitude must both be given"));
            return null;
        }

        var lonOk = TryNumber(rawLon, out var lon);
        var latOk = TryNumber(rawLat, out var lat);
        if (!lonOk)
        {
            errors.Add(new RowError("longitude", "coord_not_number", $"经度 '{rawLon}' 不是数字 / longitude '{rawLon}' is not a number"));
        }

        if (!latOk)
        {
            errors.Add(new RowError("latitude", "coord_not_number", $"纬度 '{rawLat}' 不是数字 / latitude '{rawLat}' is not a number"));
        }

        if (!lonOk || !latOk || !system.Ok)
        {
            return null;
        }

        var point = GeoPoint.Create(lon, lat, system.Value);
        if (!point.Ok)
        {
            errors.Add(RowError.From(point.Error!.Code == "coord_swapped" ? "latitude" : "longitude", point.Error));
            return null;
        }

        return point.Value;
    }

    private static bool TryNumber(string raw, out double value) =>
        double.TryParse(FoldDigits(raw), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string FoldDigits(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw.Trim())
        {
            sb.Append(ch switch
            {
                >= '０' and <= '９' => (char)('0' + (ch - '０')),
                '．' => '.',
                '－' => '-',
                _ => ch,
            });
        }

        return sb.ToString();
    }

    private static string TypeName(int type) => type switch
    {
        111 => "DVR",
        112 => "视频服务器 video server",
        113 => "编码器 encoder",
        114 => "解码器 decoder",
        117 => "报警控制器 alarm controller",
        118 => "NVR",
        130 => "HVR",
        134 => "报警输入 alarm input",
        135 => "报警输出 alarm output",
        200 => "中心信令服务器 signalling server",
        >= 201 and <= 211 => "平台服务器 platform server",
        215 => "业务分组 business group",
        216 => "虚拟组织 virtual organisation",
        _ => "非摄像机 not a camera",
    };

    private static List<RowVerdict<T>> RejectDuplicates<T>(List<RowVerdict<T>> verdicts, string field, string code, string zh, string en)
        where T : class
    {
        var rowsByKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var v in verdicts)
        {
            if (v.Key is null)
            {
                continue;
            }

            if (!rowsByKey.TryGetValue(v.Key, out var rows))
            {
                rowsByKey[v.Key] = rows = [];
            }

            rows.Add(v.Row);
        }

        for (var i = 0; i < verdicts.Count; i++)
        {
            var v = verdicts[i];
            if (v.Key is null || rowsByKey[v.Key] is not { Count: > 1 } rows)
            {
                continue;
            }

            var others = string.Join(", ", rows.Where(r => r != v.Row));
            var errors = new List<RowError>(v.Errors)
            {
                new(field, code, $"{zh} {v.Key} 在文件中重复，另见第 {others} 条记录 / {en} {v.Key} appears more than once in the file; also in row(s) {others}"),
            };
            verdicts[i] = v with { Value = null, Errors = errors };
        }

        return verdicts;
    }
}
