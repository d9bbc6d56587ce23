import AgentReport
import Foundation

/// Diagnostics in the output format asked for, as `validate` prints them.
enum DiagnosticsOutput {
    /// `--format`, for commands that print diagnostics.
    static let option = OptionSpec.option(
        "--format", value: "FORMAT", help: "Output: text, json, sarif, github (workflow annotations) or junit.",
        choices: formats, default: "text")

    static let formats = ["text", "json", "sarif", "github", "junit"]

    static func render(_ verdicts: [Verdict], format: String, strict: Bool) -> String {
        switch format {
        case "json": JSONDiagnosticsRenderer(strict: strict).render(verdicts)
        case "sarif": SARIFRenderer(baseDirectory: FileManager.default.currentDirectoryPath).render(verdicts)
        case "github": GitHubAnnotationsRenderer().render(verdicts)
        case "junit": JUnitRenderer(strict: strict).render(verdicts)
        default: TextDiagnosticsRenderer(color: Terminal.useColor, strict: strict).render(verdicts)
        }
    }
}
