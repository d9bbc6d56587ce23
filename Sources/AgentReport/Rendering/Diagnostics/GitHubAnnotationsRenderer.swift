/// `validate --format github`: GitHub Actions workflow commands, one per diagnostic:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
///
/// Escaping follows the runner: in the message `%`, CR and LF; in property values also `:`
/// and `,`.
public struct GitHubAnnotationsRenderer: Sendable {
    public init() {}

    public func render(_ verdicts: [Verdict]) -> String {
        var out = ""
        for verdict in verdicts {
            for diagnostic in verdict.diagnostics {
                let command: String
                switch diagnostic.severity {
                case .error: command = "error"
                case .warning: command = "warning"
                case .note: command = "notice"
                }
                var properties = ["file=\(Self.property(verdict.source))"]
                if let range = diagnostic.range {
                    properties.append("line=\(range.start.line)")
                    properties.append("col=\(range.start.column)")
                    properties.append("endLine=\(range.end.line)")
                    properties.append("endColumn=\(range.end.column)")
                }
                properties.append("title=\(Self.property("agent-report \(diagnostic.code)"))")
                var message = diagnostic.message
                if let suggestion = diagnostic.suggestion { message += "\n" + suggestion }
                out += "::\(command) \(properties.joined(separator: ","))::\(Self.data(message))\n"
            }
            if let omitted = verdict.omitted {
                out += "::notice file=\(Self.property(verdict.source)),title=agent-report::\(Self.data(omitted.line))\n"
            }
        }
        return out
    }

    static func data(_ text: String) -> String {
        // Line breaks are escaped below; every other control character becomes U+FFFD.
        let visible = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F ? "\u{FFFD}" : scalar
        }))
        return visible.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
