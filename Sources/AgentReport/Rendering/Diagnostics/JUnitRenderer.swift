/// `validate --format junit`: one `<testcase>` per input; an input with errors (or, with
/// `--strict`, warnings) has a `<failure>` listing them.
public struct JUnitRenderer: Sendable {
    public var strict: Bool

    public init(strict: Bool = false) {
        self.strict = strict
    }

    public func render(_ verdicts: [Verdict]) -> String {
        let summary = VerdictSummary(verdicts, strict: strict)
        let failures = summary.inputs - summary.valid
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"agent-report\" tests=\"\(summary.inputs)\" failures=\"\(failures)\" errors=\"0\">\n"
        out += "  <testsuite name=\"agent-report validate\" tests=\"\(summary.inputs)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        let text = TextDiagnosticsRenderer(color: false, strict: strict)
        for verdict in verdicts {
            let classname = "agent-report." + (verdict.schema ?? "outline")
            out += "    <testcase name=\"\(Self.escape(verdict.source))\" classname=\"\(Self.escape(classname))\""
            let failing = verdict.diagnostics.filter { $0.severity == .error || (strict && $0.severity == .warning) }
            guard !verdict.isValid(strict: strict) else {
                out += "/>\n"
                continue
            }
            let errors = failing.filter { $0.severity == .error }.count
            let warnings = failing.count - errors
            var message = "\(errors) error\(errors == 1 ? "" : "s")"
            if warnings > 0 { message += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
            let body = failing.map { text.render($0, in: verdict) }.joined()
            out += ">\n      <failure message=\"\(Self.escape(message))\" type=\"agent-report\">\(Self.escape(body))</failure>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// XML 1.0 text: markup characters escaped; characters XML cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) || (0xD800...0xDFFF).contains(v) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
