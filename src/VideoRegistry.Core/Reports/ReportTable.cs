namespace VideoRegistry.Core.Reports;

/// <summary>
/// One section of a report as text cells: what the CSV and terminal renderers print. Headers are bilingual
/// (<c>在线率 Online rate</c>) because technicians open the CSV in Excel.
/// </summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Indices of columns holding numbers (right-aligned in the terminal).</summary>
    public IReadOnlySet<int> NumericColumns { get; init; } = new HashSet<int>();
}

/// <summary>A report that can be rendered as tables (CSV, terminal) and as JSON (the record itself).</summary>
public interface ITabularReport
{
    /// <summary>True when the report found something to act on (dead cameras, coverage gaps): CLI exit code 1.</summary>
    bool HasFindings { get; }

    IReadOnlyList<ReportTable> ToTables();
}
