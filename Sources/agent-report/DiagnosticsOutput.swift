import AgentReport
import Foundation

/// Diagnostics in the output format asked for, as `validate` prints them.
enum DiagnosticsOutput {
    /// `--format`, for commands that print diagnostics.
    static let option = OptionSpec.option(
        "--format", value: "FORMAT", help: "Output: text, json, sarif, github (workflow annotations) or junit.",
        choices: formats, default: "text")

    static let formats = ["text", "json", "sarif", "github", "junit"]

    /// `validate`'s formats: these and `prompt`, the correction an agent is sent back with.
    static let validateOption = OptionSpec.option(
        "--format", value: "FORMAT",
        help: "Output: text, json, sarif, github (workflow annotations), junit, or prompt (the correction to send the agent).",
        choices: formats + ["prompt"], default: "text")

    /// `returnFormat` gives the format a verdict was checked against, for `prompt`.
    static func render(_ verdicts: [Verdict], format: String, strict: Bool,
                       returnFormat: (Verdict) -> ReturnFormat? = { _ in nil }) -> String {
        switch format {
        case "prompt":
            verdicts.map { verdict in
                let prompt = CorrectionPromptRenderer(format: returnFormat(verdict)).render(verdict)
                return verdicts.count > 1 && !prompt.isEmpty ? "# \(verdict.source)\n\n" + prompt + "\n" : prompt
            }.joined()
        case "json": JSONDiagnosticsRenderer(strict: strict).render(verdicts)
        case "sarif": SARIFRenderer(baseDirectory: FileManager.default.currentDirectoryPath).render(verdicts)
        case "github": GitHubAnnotationsRenderer().render(verdicts)
        case "junit": JUnitRenderer(strict: strict).render(verdicts)
        default: TextDiagnosticsRenderer(color: Terminal.useColor, strict: strict).render(verdicts)
        }
    }
}
