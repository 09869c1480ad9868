using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoRegistry.Worker.Tests.Metrics;

/// <summary>One sample of the text exposition format.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Minimal reader of the Prometheus text format for assertions (promtool checks the format itself).</summary>
internal static partial class ExpositionParser
{
    public static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name;
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var body = line[(brace + 1)..line.LastIndexOf('}')];
                foreach (Match m in LabelPair().Matches(body))
                {
                    labels[m.Groups[1].Value] = Regex.Unescape(m.Groups[2].Value);
                }
            }
            else
            {
                name = line[..space];
            }

            samples.Add(new Sample(name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    public static IEnumerable<Sample> Named(this IEnumerable<Sample> samples, string name) => samples.Where(s => s.Name == name);

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex LabelPair();
}
