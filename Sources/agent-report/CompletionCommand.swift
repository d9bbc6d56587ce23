/// `agent-report completion bash|zsh|fish`: a completion script written from the commands'
/// specs, so that it offers exactly the options and choices `--help` lists.
struct CompletionCommand: Command {
    static let name = "completion"
    static let spec = CommandSpec(
        name: name,
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            Commands, options and the values an option accepts complete; inputs complete as files.

            Examples:
              agent-report completion bash > ~/.local/share/bash-completion/completions/agent-report
              agent-report completion zsh > "${fpath[1]}/_agent-report"
              agent-report completion fish > ~/.config/fish/completions/agent-report.fish
            """,
        arguments: [("SHELL", "bash, zsh or fish.")],
        options: [])

    static let shells = ["bash", "zsh", "fish"]

    let shell: String

    init(_ arguments: ParsedArguments) throws {
        guard arguments.positionals.count == 1, let shell = arguments.positionals.first, Self.shells.contains(shell) else {
            throw UsageError.message("completion: name one shell: \(Self.shells.joined(separator: ", "))")
        }
        self.shell = shell
    }

    func run() throws -> Int32 {
        let specs = Main.commands.map(\.spec)
        switch shell {
        case "bash": Terminal.out(Self.bash(specs))
        case "zsh": Terminal.out(Self.zsh(specs))
        default: Terminal.out(Self.fish(specs))
        }
        return 0
    }

    /// Single-quoted for a shell: `'` closes, is escaped, and reopens.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func bash(_ specs: [CommandSpec]) -> String {
        var script = """
            # bash completion for agent-report
            _agent_report() {
                local cur prev command
                cur="${COMP_WORDS[COMP_CWORD]}"
                prev="${COMP_WORDS[COMP_CWORD-1]}"
                command="${COMP_WORDS[1]}"
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W \(quoted((specs.map(\.name) + ["--help", "--version"]).joined(separator: " "))) -- "$cur"))
                    return
                fi
                case "$command" in

            """
        for spec in specs {
            script += "        \(spec.name))\n            case \"$prev\" in\n"
            for option in spec.options where !option.choices.isEmpty {
                script += "                \(option.names.joined(separator: "|"))) COMPREPLY=($(compgen -W \(quoted(option.choices.joined(separator: " "))) -- \"$cur\")); return ;;\n"
            }
            script += "            esac\n"
            let names = spec.options.flatMap(\.names) + ["--help"]
            script += "            if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \(quoted(names.joined(separator: " "))) -- \"$cur\")); return; fi\n"
            script += "            ;;\n"
        }
        script += """
                esac
                COMPREPLY=($(compgen -f -- "$cur"))
            }
            complete -o filenames -F _agent_report agent-report

            """
        return script
    }

    static func zsh(_ specs: [CommandSpec]) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "'\\''")
                .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
                .replacingOccurrences(of: ":", with: "\\:")
        }
        func summary(_ help: String) -> String {
            escaped(String(help.prefix { $0 != "." && $0 != "\n" }))
        }
        var script = """
            #compdef agent-report
            # zsh completion for agent-report
            _agent_report() {
                local -a commands
                commands=(

            """
        for spec in specs { script += "        '\(spec.name):\(summary(spec.abstract))'\n" }
        script += """
                )
                if (( CURRENT == 2 )); then
                    _describe 'command' commands
                    return
                fi
                case "${words[2]}" in

            """
        for spec in specs {
            script += "        \(spec.name))\n            _arguments -s \\\n"
            for option in spec.options {
                let names = option.names.count > 1 ? "{\(option.names.joined(separator: ","))}" : option.names[0]
                var value = ""
                if let name = option.value {
                    value = option.choices.isEmpty ? ":\(escaped(name)):_files" : ":\(escaped(name)):(\(option.choices.joined(separator: " ")))"
                }
                script += "                '\(names)[\(summary(option.help))]\(value)' \\\n"
            }
            script += "                '*:file:_files'\n            ;;\n"
        }
        script += """
                esac
            }
            _agent_report "$@"

            """
        return script
    }

    static func fish(_ specs: [CommandSpec]) -> String {
        func escaped(_ text: String) -> String { quoted(String(text.prefix { $0 != "." && $0 != "\n" })) }
        var script = "# fish completion for agent-report\n"
        let names = specs.map(\.name).joined(separator: " ")
        script += "complete -c agent-report -n \(quoted("not __fish_seen_subcommand_from \(names)")) -f -a \(quoted(names))\n"
        for spec in specs {
            script += "complete -c agent-report -n \(quoted("not __fish_seen_subcommand_from \(names)")) -f -a \(spec.name) -d \(escaped(spec.abstract))\n"
            for option in spec.options {
                var line = "complete -c agent-report -n \(quoted("__fish_seen_subcommand_from \(spec.name)"))"
                for name in option.names {
                    line += name.hasPrefix("--") ? " -l \(name.dropFirst(2))" : " -s \(name.dropFirst())"
                }
                if option.value != nil { line += " -r" }
                if !option.choices.isEmpty { line += " -f -a \(quoted(option.choices.joined(separator: " ")))" }
                script += line + " -d \(escaped(option.help))\n"
            }
        }
        return script
    }
}
