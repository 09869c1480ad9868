namespace VideoRegistry.Core.Registry;

/// <summary>GB/T 28181 edition; the 14th digit of a device ID means different networks in each.</summary>
public enum GbEdition
{
    Gb2016,
    Gb2022,
}

/// <summary>Decodes the network digit of a device ID for a configured edition (the digit itself is what is stored).</summary>
public static class GbNetwork
{
    public static string Describe(int digit, GbEdition edition) => edition switch
    {
        GbEdition.Gb2016 => digit switch
        {
            >= 0 and <= 4 => "监控报警专网 surveillance/alarm private network",
            5 => "公安信息网 police information network",
            6 => "政务网 government network",
            7 => "互联网 internet",
            8 => "社会资源接入网 social-resource access network",
            _ => "预留 reserved",
        },
        _ => digit switch
        {
            0 or 1 => "公安视频传输网 police video transmission network",
            2 => "行业专网 industry private network",
            3 => "政法网 political-legal network",
            4 => "公安移动网 police mobile network",
            5 => "公安信息网 police information network",
            6 => "电子政务外网 e-government extranet",
            7 => "互联网 internet",
            8 => "专线 leased line",
            _ => "预留 reserved",
        },
    };
}
