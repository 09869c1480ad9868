namespace VideoRegistry.Probing.Tests.Picture;

/// <summary>The saved real ffmpeg outputs in tests/fixtures/picture (see generate.sh there).</summary>
internal static class PictureFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "picture");
            if (File.Exists(Path.Combine(candidate, "generate.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/picture not found above " + AppContext.BaseDirectory);
    });

    public static string Folder => Root.Value;

    public static string Stderr(string name) => File.ReadAllText(Path.Combine(Root.Value, name + ".stderr.txt"));

    public static string Metadata(string name) => File.ReadAllText(Path.Combine(Root.Value, name + ".metadata.txt"));

    public static string FilePath(string file) => Path.Combine(Root.Value, file);
}
