import Foundation

/// A command's options, declared once: parsing, validation and `--help` all read from it.
///
/// agent-report parses its own arguments rather than using swift-argument-parser: that
/// library's reflection cost ~3 ms at every start, and one 5 KB answer must validate,
/// start to exit, in under 8 ms.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var discussion: String
    /// The positional arguments, for the usage line and help (`[INPUT…]`).
    var arguments: [(name: String, help: String)]
    var options: [OptionSpec]
    /// The exit status of a usage error or a failure: 2, except for a command whose 2 means
    /// something else to its caller (`hook`: 2 sends the agent back).
    var troubleStatus: Int32 = 2
}

struct OptionSpec: Sendable {
    /// `--format`, or `-o` and `--output`.
    var names: [String]
    /// Nil for a flag; the value's name in help otherwise (`FORMAT`).
    var value: String?
    var help: String
    /// The values it accepts, when it accepts only some.
    var choices: [String] = []
    var repeatable = false
    var defaultValue: String? = nil

    static func flag(_ names: String..., help: String) -> OptionSpec {
        OptionSpec(names: names, value: nil, help: help)
    }

    static func option(
        _ names: String..., value: String, help: String, choices: [String] = [], repeatable: Bool = false, default defaultValue: String? = nil
    ) -> OptionSpec {
        OptionSpec(names: names, value: value, help: help, choices: choices, repeatable: repeatable, defaultValue: defaultValue)
    }

    var primaryName: String { names.last ?? "" }
}

/// Arguments parsed against a `CommandSpec`.
struct ParsedArguments {
    var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// The last value given for an option (by its primary name), or its default.
    func value(_ name: String, spec: CommandSpec) -> String? {
        values[name]?.last ?? spec.options.first { $0.primaryName == name }?.defaultValue
    }

    func values(_ name: String) -> [String] { values[name] ?? [] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Parses `arguments`; `--help` is reported as `.help`, everything else wrong as a `UsageError`.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" { throw UsageError.help }
            var name = argument
            var inline: String? = nil
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = spec.options.first(where: { $0.names.contains(name) }) else {
                let known = spec.options.flatMap(\.names).filter { $0.hasPrefix("--") }
                let hint = known.min { editDistance($0, name) < editDistance($1, name) }
                    .flatMap { editDistance($0, name) <= 3 ? " (did you mean \($0)?)" : nil } ?? ""
                throw UsageError.message("unknown option \(name)\(hint)")
            }
            guard option.value != nil else {
                if inline != nil { throw UsageError.message("\(name) takes no value") }
                parsed.flags.insert(option.primaryName)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError.message("\(name) needs a value (\(option.value ?? "VALUE"))")
            }
            if !option.choices.isEmpty && !option.choices.contains(value) {
                throw UsageError.message("\(name) \(value): expected one of \(option.choices.joined(separator: ", "))")
            }
            if !option.repeatable && parsed.values[option.primaryName] != nil {
                throw UsageError.message("\(name) is given twice")
            }
            parsed.values[option.primaryName, default: []].append(value)
        }
        return parsed
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}

/// A usage error (exit 2), or a request for help (exit 0).
enum UsageError: Error {
    case message(String)
    case help
}

extension CommandSpec {
    /// `agent-report validate --help`.
    var help: String {
        var out = "\(abstract)\n\nUSAGE: agent-report \(name)"
        if !options.isEmpty { out += " [OPTIONS]" }
        for argument in arguments { out += " \(argument.name)" }
        out += "\n"
        if !discussion.isEmpty { out += "\n\(discussion)\n" }
        if !arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in arguments { out += Self.row(argument.name, argument.help) }
        }
        out += "\nOPTIONS:\n"
        for option in options {
            var left = option.names.joined(separator: ", ")
            if let value = option.value { left += " \(value)" }
            var help = option.help
            if !option.choices.isEmpty { help += " (\(option.choices.joined(separator: "|")))" }
            if let value = option.defaultValue { help += " [default: \(value)]" }
            if option.repeatable { help += " Repeatable." }
            out += Self.row(left, help)
        }
        out += Self.row("-h, --help", "Show this help.")
        return out
    }

    /// `  left        right`, the right column wrapped at 100 columns.
    static func row(_ left: String, _ right: String) -> String {
        let width = 28
        let indent = String(repeating: " ", count: width + 2)
        var lines: [String] = []
        var line = ""
        for word in right.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > 100 - indent.count {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        let first = left.count + 2 >= width
            ? "  \(left)\n\(indent)\(lines[0])"
            : "  " + left.padding(toLength: width, withPad: " ", startingAt: 0) + lines[0]
        return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n") + "\n"
    }
}
