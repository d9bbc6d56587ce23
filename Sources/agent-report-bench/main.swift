// Release-build benchmarks that print tables (budgets are checked here, never in timed tests):
//
//   swift run -c release agent-report-bench [parse|nested|validator|validate|html|html-files|publish|hook|mcp|all]
import Foundation

let which = CommandLine.arguments.dropFirst().first ?? "all"
do {
    switch which {
    case "parse": try ParseBenchmark.run()
    case "nested": try NestedBenchmark.run()
    case "validator": runValidatorBenchmark()
    case "validate": try ValidateBenchmark.run()
    case "publish": try PublishBenchmark.run()
    case "html": try HTMLBenchmark.run()
    case "html-files": try HTMLFilesBenchmark.run()
    case "hook": try HookBenchmark.run()
    case "mcp": try MCPBenchmark.run()
    case "all":
        try ParseBenchmark.run()
        try NestedBenchmark.run()
        runValidatorBenchmark()
        try ValidateBenchmark.run()
        try PublishBenchmark.run()
    default:
        FileHandle.standardError.write(Data("usage: agent-report-bench [parse|nested|validator|validate|html|html-files|publish|hook|mcp|all]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("agent-report-bench: \(error)\n".utf8))
    exit(1)
}
