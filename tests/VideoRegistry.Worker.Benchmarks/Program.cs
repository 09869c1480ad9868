using System.Reflection;

// Dispatcher: every class named <Verb>Benchmark with a static Task RunAsync(string[] args) is a verb.
var verbs = System.Reflection.Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t.Name.EndsWith("Benchmark", StringComparison.Ordinal) && t.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static) is not null)
    .ToDictionary(t => t.Name[..^"Benchmark".Length].ToLowerInvariant(), t => t.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!);
if (args.Length == 0 || !verbs.TryGetValue(args[0].ToLowerInvariant(), out var run))
{
    Console.Error.WriteLine($"usage: VERB [args]; verbs: {string.Join(", ", verbs.Keys.Order(StringComparer.Ordinal))}");
    return 2;
}

await (Task)run.Invoke(null, [args[1..]])!;
return 0;
