using System.Globalization;
using System.Text;

namespace VideoRegistry.Core.Registry.Import;

/// <summary>A column a registry file can carry, its canonical field name and the headers it goes by.</summary>
public sealed record RegistryColumn(string Field, string ChineseHeader, string EnglishHeader, bool Required, IReadOnlyList<string> Aliases);

/// <summary>Columns of the camera registry and the grid catalogue (DOMAIN.md), matched by header in any order.</summary>
public static class RegistryColumns
{
    public static IReadOnlyList<RegistryColumn> Camera { get; } =
    [
        new("device_id", "设备编码", "DeviceID", true, ["设备编码", "国标编码", "国标ID", "国标编号", "设备ID", "设备编号", "DeviceID", "device_id", "GBID"]),
        new("name", "设备名称", "Name", true, ["设备名称", "点位名称", "名称", "Name", "DeviceName"]),
        new("class", "点位类别", "Class", true, ["点位类别", "监控类别", "类别", "点位分类", "点位等级", "Class", "PoType"]),
        new("township", "乡镇(街道)", "Township", true, ["乡镇(街道)", "乡镇", "街道", "乡镇街道", "Township"]),
        new("village", "村(社区)", "Village", false, ["村(社区)", "村社区", "社区", "村", "Village"]),
        new("grid", "网格编码", "Grid", false, ["网格编码", "网格", "网格编号", "Grid", "GridCode"]),
        new("longitude", "经度", "Longitude", false, ["经度", "Longitude", "Lon", "Lng"]),
        new("latitude", "纬度", "Latitude", false, ["纬度", "Latitude", "Lat"]),
        new("coord_system", "坐标系", "CoordSystem", false, ["坐标系", "坐标系统", "CoordSystem", "coord_system", "Datum"]),
        new("site_type", "点位类型", "SiteType", false, ["点位类型", "场所类型", "位置类型", "SiteType", "site_type"]),
        new("owner", "建设单位", "Owner", false, ["建设单位", "管理单位", "权属单位", "Owner"]),
        new("stream_url", "取流地址", "StreamUrl", false, ["取流地址", "视频流地址", "RTSP地址", "流地址", "StreamUrl", "stream_url", "URL"]),
        new("username", "用户名", "Username", false, ["用户名", "账号", "取流用户名", "Username", "User"]),
        new("password", "密码", "Password", false, ["密码", "取流密码", "Password"]),
        new("upstream", "上级设备", "ParentID", false, ["上级设备", "所属NVR", "所属平台", "上级设备编码", "ParentID", "upstream"]),
        new("status", "状态", "Status", false, ["状态", "设备状态", "Status"]),
    ];

    public static IReadOnlyList<RegistryColumn> Grid { get; } =
    [
        new("code", "网格编码", "Code", true, ["网格编码", "网格编号", "编码", "Code", "GridCode", "Grid"]),
        new("name", "网格名称", "Name", true, ["网格名称", "名称", "Name"]),
        new("township", "乡镇(街道)", "Township", true, ["乡镇(街道)", "乡镇", "街道", "乡镇街道", "Township"]),
        new("village", "村(社区)", "Village", false, ["村(社区)", "村社区", "社区", "村", "Village"]),
        new("type", "网格类型", "Type", false, ["网格类型", "类型", "Type"]),
        new("required_cameras", "应配摄像机数", "RequiredCameras", false, ["应配摄像机数", "应配数量", "要求摄像机数", "RequiredCameras", "required_cameras"]),
    ];

    /// <summary>Header text folded for matching: full-width → ASCII, no spaces/BOM, case-insensitive.</summary>
    public static string Fold(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(ch) || ch is '\uFEFF' or '_' or '-' or '*')
            {
                continue;
            }

            sb.Append(char.ToLower(ch, CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}

/// <summary>Which file column holds each field, what was not understood and what is missing.</summary>
public sealed record HeaderMap(IReadOnlyDictionary<string, int> Columns, IReadOnlyList<string> UnknownColumns, IReadOnlyList<RegistryColumn> Missing)
{
    public bool Ok => Missing.Count == 0;

    public static HeaderMap Resolve(IReadOnlyList<string> headers, IReadOnlyList<RegistryColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(columns);
        var byAlias = new Dictionary<string, RegistryColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            foreach (var alias in column.Aliases)
            {
                byAlias.TryAdd(RegistryColumns.Fold(alias), column);
            }
        }

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var folded = RegistryColumns.Fold(headers[i]);
            if (folded.Length == 0)
            {
                continue;
            }

            // The first column wins when two headers mean the same field; the other is listed as ignored.
            if (byAlias.TryGetValue(folded, out var column) && map.TryAdd(column.Field, i))
            {
                continue;
            }

            unknown.Add(headers[i].Trim());
        }

        var missing = columns.Where(c => c.Required && !map.ContainsKey(c.Field)).ToList();
        return new HeaderMap(map, unknown, missing);
    }

    public string? Get(IReadOnlyList<string> fields, string field)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!Columns.TryGetValue(field, out var index) || index >= fields.Count)
        {
            return null;
        }

        var value = fields[index].Trim().Trim('\u3000');
        return value.Length == 0 ? null : value;
    }
}
