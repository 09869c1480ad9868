// Dispatcher: see BenchmarkVerbs (tests/fixtures/Benchmarks).
return await VideoRegistry.Benchmarks.BenchmarkVerbs.RunAsync(args, System.Reflection.Assembly.GetExecutingAssembly());
