using System.Text;

namespace VideoRegistry.Core.Registry;

/// <summary>Sharp Eyes point class (GB/T 28181-2022 PoType 1/2/3).</summary>
public enum CameraClass
{
    I = 1,
    II = 2,
    III = 3,
}

public static class CameraClassParser
{
    /// <summary>Accepts the spellings registries use: 一类, 一类点位, 1, I, Ⅰ, class I, 1类, 壹类 …</summary>
    public static Parsed<CameraClass> TryParse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Parsed<CameraClass>.Fail("class_missing", "点位类别为空 / class is empty; expected 一类/二类/三类 (I/II/III)");
        }

        // Fast path for the spellings nearly every registry uses.
        switch (raw)
        {
            case "一类" or "1" or "I":
                return Parsed<CameraClass>.Success(CameraClass.I);
            case "二类" or "2" or "II":
                return Parsed<CameraClass>.Success(CameraClass.II);
            case "三类" or "3" or "III":
                return Parsed<CameraClass>.Success(CameraClass.III);
        }

        var sb = new StringBuilder();
        foreach (var ch in raw.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            if (!char.IsWhiteSpace(ch) && ch != '\u3000')
            {
                sb.Append(ch);
            }
        }

        var s = sb.ToString();
        // Longer words first: "potype" must go before "type" or "PoType 1" would leave "po1".
        foreach (var noise in new[] { "点位", "监控", "视频", "摄像机", "类别", "类", "点", "potype", "point", "class", "type", ":", "：", "-", "_", "." })
        {
            s = s.Replace(noise, string.Empty, StringComparison.Ordinal);
        }

        // FormKC folds Ⅰ/Ⅱ/Ⅲ to i/ii/iii and full-width digits to ASCII.
        CameraClass? value = s switch
        {
            "1" or "i" or "一" or "壹" or "01" => CameraClass.I,
            "2" or "ii" or "二" or "贰" or "02" => CameraClass.II,
            "3" or "iii" or "三" or "叁" or "03" => CameraClass.III,
            _ => null,
        };

        return value is { } v
            ? Parsed<CameraClass>.Success(v)
            : Parsed<CameraClass>.Fail("class_unknown", $"无法识别的点位类别 '{raw.Trim()}' / unknown class '{raw.Trim()}'; expected 一类/二类/三类, 1/2/3 or I/II/III");
    }

    public static string ToChinese(this CameraClass c) => c switch
    {
        CameraClass.I => "一类",
        CameraClass.II => "二类",
        _ => "三类",
    };

    /// <summary>Stable lower-case label used in metrics and JSON: "I", "II", "III".</summary>
    public static string ToLabel(this CameraClass c) => c.ToString();
}
