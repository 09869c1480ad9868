using System.Data;
using Dapper;
using VideoRegistry.Core.Registry;

namespace VideoRegistry.Storage.Registry;

/// <summary>Lets Dapper read and bind the registry's value types as their canonical text/integer forms.</summary>
public static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        SqlMapper.AddTypeHandler(new GbDeviceIdHandler());
    }

    private sealed class GbDeviceIdHandler : SqlMapper.TypeHandler<GbDeviceId>
    {
        public override GbDeviceId Parse(object value) => GbDeviceId.Parse((string)value);

        public override void SetValue(IDbDataParameter parameter, GbDeviceId? value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value?.Value ?? (object)DBNull.Value;
        }
    }
}
