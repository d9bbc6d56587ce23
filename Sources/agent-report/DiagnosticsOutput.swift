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

    /// `--max-diagnostics`, `--quiet` and `--color`: how much is printed, and how.
    static let presentationOptions: [OptionSpec] = [
        .option("--max-diagnostics", value: "N", help: "Print at most N diagnostics an input, errors first, then one line counting the rest (0: no limit); totals and exit status count them all.",
                default: "200"),
        .flag("-q", "--quiet", help: "Text output: errors and the summary only (warnings still count with --strict)."),
        .option("--color", value: "WHEN", help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always or never.",
                choices: ["auto", "always", "never"], default: "auto"),
    ]

    /// How diagnostics are presented, from `presentationOptions`.
    struct Presentation {
        var limit: Int?
        var quiet: Bool
        var color: Bool

        init(_ arguments: ParsedArguments, spec: CommandSpec) throws {
            guard let limit = Int(arguments.value("--max-diagnostics", spec: spec) ?? ""), limit >= 0 else {
                throw UsageError.message("--max-diagnostics: expected a number, 0 for no limit")
            }
            self.limit = limit == 0 ? nil : limit
            quiet = arguments.flag("--quiet")
            switch arguments.value("--color", spec: spec) ?? "auto" {
            case "always": color = true
            case "never": color = false
            default: color = Terminal.useColor
            }
        }

        func textRenderer(strict: Bool) -> TextDiagnosticsRenderer {
            var renderer = TextDiagnosticsRenderer(color: color, strict: strict)
            renderer.quiet = quiet
            return renderer
        }
    }

    /// `returnFormat` gives the format a verdict was checked against, for `prompt`.
    static func render(_ verdicts: [Verdict], format: String, strict: Bool, presentation: Presentation,
                       returnFormat: (Verdict) -> ReturnFormat? = { _ in nil }) -> String {
        let verdicts = presentation.limit.map { limit in verdicts.map { $0.limited(to: limit) } } ?? verdicts
        return switch format {
        case "prompt":
            verdicts.map { verdict in
                let prompt = CorrectionPromptRenderer(format: returnFormat(verdict)).render(verdict)
                return verdicts.count > 1 && !prompt.isEmpty ? "# \(verdict.source)\n\n" + prompt + "\n" : prompt
            }.joined()
        case "json": JSONDiagnosticsRenderer(strict: strict).render(verdicts)
        case "sarif": SARIFRenderer(baseDirectory: FileManager.default.currentDirectoryPath).render(verdicts)
        case "github": GitHubAnnotationsRenderer().render(verdicts)
        case "junit": JUnitRenderer(strict: strict).render(verdicts)
        default: presentation.textRenderer(strict: strict).render(verdicts)
        }
    }
}
