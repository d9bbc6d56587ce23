import AgentReport

struct ParseCommand: Command {
    static let name = "parse"
    static let spec = CommandSpec(
        name: name,
        abstract: "Show how an answer is read, before any schema: sections, fields and blocks with their ranges.",
        discussion: """
            Ranges are @line:column-line:column; lines and columns count from 1 and columns count
            UTF-8 bytes. Use it to see why a field was not found.
            """,
        arguments: [SharedOptions.inputs],
        options: [.flag("--dump", help: "Print the outline tree (the default, and for now the only form).")] + SharedOptions.input)

    let reader: InputReader

    init(_ arguments: ParsedArguments) throws {
        reader = try InputReader(arguments, spec: Self.spec)
    }

    func run() throws -> Int32 {
        for source in try reader.sources() {
            switch try reader.content(of: source) {
            case .text(let text, let diagnostics), .unusable(let text, let diagnostics):
                var outline = ResponseParser().parse(text)
                outline.diagnostics.insert(contentsOf: diagnostics, at: 0)
                Terminal.out("# \(source.name)\n" + OutlineDumper().dump(outline))
            case .instance:
                Terminal.out("# \(source.name)\nJSON instance (not an answer's text; pass --input text to read it as text)\n")
            }
        }
        return 0
    }
}
