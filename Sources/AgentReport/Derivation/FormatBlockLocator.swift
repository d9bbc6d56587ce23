/// Finds the Return Format in an agent definition: a heading such as `## Return Format`,
/// `### Output Format` or `**Response Format:**`, or an instruction such as "Return your answer
/// in the following format:", and the template it introduces — usually a fenced block, else the
/// lines under the heading.
public struct FormatBlockLocator: Sendable {
    /// Where the template is.
    public struct Block: Sendable, Equatable {
        /// The heading or instruction that introduced it, as written.
        public var introduction: String
        /// 0-based line of the heading or instruction.
        public var introductionLine: Int
        /// 0-based lines of the template, fence lines excluded.
        public var lines: Range<Int>
        /// Whether the template sat in a fenced block.
        public var fenced: Bool
        /// Every template when the block gives alternatives, one per case (`### If the pipeline
        /// failed` over a fence): 0-based lines of each, `lines` being the first.
        public var alternatives: [Range<Int>] = []
        /// `json` or `yaml` when the template is a data document (a fenced JSON or YAML
        /// example of the answer), nil for a markdown template.
        public var dataFormat: String? = nil
    }

    /// What was looked for, for the message when nothing is found.
    public static let lookedFor =
        "a \"Return Format\", \"Output Format\" or \"Response Format\" heading (or Report Format, Output Structure, Output Template, Expected Output), or an instruction such as \"Return your answer in the following format:\" followed by a template"

    public init() {}

    /// The format block, or nil; `nearMisses` lists headings that mention a format but are not
    /// the answer's (`Metadata Format`), with their 0-based lines.
    public func locate(_ definition: AgentDefinition) -> (block: Block?, nearMisses: [(title: String, line: Int)]) {
        let source = definition.source
        let scanner = LineScanner(source: source)
        let lines = definition.bodyLines.map { scanner.scanLine($0) }
        let base = definition.bodyStartLine
        let inFence = Self.fenceMask(lines)
        var nearMisses: [(title: String, line: Int)] = []
        var instruction: Block? = nil
        // A `Review Format` heading in a reviewer's definition names the agent's own answer.
        let firstTitle = lines.lazy.compactMap { line -> String? in
            if case .atxHeading(1, let title) = line.kind { return source.string(title) } else { return nil }
        }.first ?? ""
        let fileStem = source.name.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? ""
        let agentWords = Set(Self.normalized([definition.value(of: "name")?.stringValue ?? "", definition.value(of: "description")?.stringValue ?? "",
                                              firstTitle, fileStem].joined(separator: " ")).split(separator: " ").map { String($0.prefix(5)) })
        var ownFormat: Block? = nil
        var weak: Block? = nil
        // A named format whose lead-in makes it a file the agent writes, or the shape of each
        // finding, gives way to the answer's own: a later named format, or what it returns.
        var secondary: Block? = nil
        var returned: Block? = nil
        var returnTries = 0  // lines that say to return something, tried for a template (a few)
        for (k, line) in lines.enumerated() where !inFence[k] {
            // An instruction (`Write the plan as:`), also when it reads like a `Label:` line, or
            // ends a paragraph that gives it (`Return exactly the block below —` / `… with:`).
            let heading = heading(line, source: source)
            if instruction == nil, heading == nil || heading?.level == 7, case .text = line.kind,
               case let paragraph = Self.paragraph(endingAt: k, in: lines, source: source),
               Self.isInstruction(paragraph) || Self.pointsBelow(paragraph) && Self.hasFence(lines, k + 1, lines.count),
               let block = template(after: k, in: lines, level: 7, inFence: inFence, source: source, base: base,
                                    introduction: Self.name(of: paragraph, at: k, in: lines, inFence: inFence, source: source), at: base + k) {
                instruction = block
                continue
            }
            // `## Return Summary`, or `Return this summary to the orchestrator:` over a fence:
            // what the agent returns, when the format block is what it writes elsewhere.
            if returned == nil, secondary != nil, returnTries < 3,
               Self.namesReturn(heading?.title ?? source.string(line.contentStart..<line.end), heading: heading != nil) {
                returnTries += 1
                if let block = template(after: k, in: lines, level: heading?.level ?? 7, inFence: inFence, source: source, base: base,
                                        introduction: heading?.title ?? source.string(line.contentStart..<line.end).trimmingSpaces, at: base + k),
                   block.fenced {
                    returned = block
                }
            }
            guard let heading else { continue }
            if Self.isFormatTitle(heading.title) {
                if let block = template(after: k, in: lines, level: heading.level, inFence: inFence, source: source, base: base,
                                        introduction: heading.title, at: base + k) {
                    // A one-word title (`### 1. Format`, a step of a process) gives way to a
                    // named format block later on (`## Output Format`).
                    if Self.isWeakFormatTitle(heading.title) {
                        if weak == nil, block.fenced || !Self.fencedOnlyTitles.contains(Self.normalized(heading.title)) { weak = block }
                        continue
                    }
                    let leadIn = (k + 1)..<max(k + 1, block.lines.lowerBound - base - (block.fenced ? 1 : 0))
                    // The first named format that is the answer's own is it.
                    guard Self.isSecondary(leadIn.map { source.string(lines[$0].contentStart..<lines[$0].end) }.joined(separator: " ")) else {
                        return (block, [])
                    }
                    if secondary == nil { secondary = block }
                }
            } else if heading.title.lowercased().contains("format") {
                let first = Self.normalized(heading.title).split(separator: " ").first.map { String($0.prefix(5)) } ?? ""
                if ownFormat == nil, first.count >= 4, agentWords.contains(first),
                   let block = template(after: k, in: lines, level: heading.level, inFence: inFence, source: source, base: base,
                                        introduction: heading.title, at: base + k) {
                    ownFormat = block
                } else {
                    nearMisses.append((heading.title, base + k))
                }
            }
        }
        if let secondary { return (returned ?? secondary, []) }
        if let block = weak ?? instruction ?? ownFormat { return (block, []) }
        return (nil, nearMisses)
    }

    /// What an instruction's template is called: the instruction when it is short, else the
    /// heading it stands under (`### 4. Report the table`).
    static func name(of paragraph: String, at k: Int, in lines: [ScannedLine], inFence: [Bool], source: SourceText) -> String {
        guard paragraph.count > 80 else { return paragraph }
        for j in stride(from: k - 1, through: 0, by: -1) where !inFence[j] {
            if case .atxHeading(_, let title) = lines[j].kind { return source.string(LineSyntax.cleanTitle(source.bytes, title)) }
        }
        return "Output"
    }

    /// A sentence that says to write what the fence below shows (`Output the table below, then
    /// a short summary.`), without the colon of an instruction.
    static func pointsBelow(_ paragraph: String) -> Bool {
        guard paragraph.count <= 400 else { return false }
        let words = " " + normalized(paragraph) + " "
        let verbs = [" output ", " return ", " respond with ", " reply with ", " produce ", " write ", " emit ", " print ", " report "]
        return verbs.contains(where: words.contains) && (words.contains(" below ") || words.contains(" as shown "))
    }

    /// The text of line `k` with the lines of its paragraph before it (up to three), joined
    /// by spaces.
    static func paragraph(endingAt k: Int, in lines: [ScannedLine], source: SourceText) -> String {
        var first = k
        while first > 0, k - first < 3, case .text = lines[first - 1].kind, lines[first - 1].listContent == nil,
              lines[first].listContent == nil {
            first -= 1
        }
        return (first...k).map { source.string(lines[$0].contentStart..<lines[$0].end).trimmingSpaces }.joined(separator: " ")
    }

    /// Whether a template's lead-in makes it something other than the answer: a document the
    /// agent writes to a file (`Write to `{dir}/audit.md`:`), or the shape of each finding
    /// (`Every finding uses this format:`).
    static func isSecondary(_ leadIn: String) -> Bool {
        let words = normalized(leadIn).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return false }
        let raw = leadIn.lowercased()
        let writes = words.contains { ["write", "save", "written", "saved", "store", "persist", "create"].contains($0) }
        let aFile = words.contains { ["file", "disk"].contains($0) }
            || raw.contains(".md") || raw.contains(".json") || raw.contains(".txt") || raw.contains(".html") || raw.contains("/")
        if writes && aFile { return true }
        let wholes: Set<String> = ["answer", "response", "reply", "report", "output", "message", "time", "run", "review", "invocation", "task"]
        for (i, word) in words.enumerated().dropLast() where ["each", "every", "per"].contains(word) {
            if !wholes.contains(words[i + 1]) { return true }
        }
        return false
    }

    /// `Return Summary`, `Final Response` as a heading, or an instruction that says to return,
    /// respond or reply and ends with a colon (`When done, return this to the caller:`).
    static func namesReturn(_ text: String, heading: Bool) -> Bool {
        let words = normalized(text).split(separator: " ").map(String.init)
        guard let first = words.first else { return false }
        if heading {
            return ["return", "returned", "returning"].contains(first)
                || (first == "final" && words.count >= 2 && ["response", "answer", "message", "reply", "summary"].contains(words[1]))
        }
        return words.contains { ["return", "respond", "reply"].contains($0) } && text.trimmingSpaces.trimming("*_ ").hasSuffix(":") && text.count <= 200
    }

    /// `## Title`, `**Title:**` or `Title:` alone: its title and level (7 for a non-ATX heading);
    /// `<output_format>` alone, a tag that holds the format up to its closing tag: level 0.
    private func heading(_ line: ScannedLine, source: SourceText) -> (title: String, level: Int)? {
        let s = source.bytes
        if let tag = Self.openingTag(source.string(line.contentStart..<line.end)) {
            return (tag.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " "), 0)
        }
        switch line.kind {
        case .atxHeading(let level, let title):
            return (source.string(LineSyntax.cleanTitle(s, title)), level)
        case .text where line.listContent == nil:
            switch LineSyntax.read(s, line.textStart..<line.end, allowDash: false) {
            case .title(let title) where title.hasColon || title.emphasised:
                return (source.string(LineSyntax.cleanTitle(s, title.title)), 7)
            case .labelled(let labelled) where labelled.value.isEmpty:
                return (source.string(LineSyntax.cleanTitle(s, labelled.label)), 7)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The template after line `k`: the first fenced block before the next heading of `level`
    /// or above (one introduced as an example only when there is no other), else those lines.
    private func template(
        after k: Int, in lines: [ScannedLine], level: Int, inFence: [Bool], source: SourceText, base: Int,
        introduction: String, at line: Int
    ) -> Block? {
        var end = k + 1
        if level == 0, let tag = Self.openingTag(source.string(lines[k].contentStart..<lines[k].end)) {
            // `<output_format>`: everything up to `</output_format>`.
            let closing = "</\(tag)>"
            while end < lines.count && (inFence[end] || Self.unescaped(source.string(lines[end].contentStart..<lines[end].end)).trimmingSpaces != closing) {
                end += 1
            }
        }
        while level > 0 && end < lines.count {
            // An instruction's template ends at the first heading — unless it starts with one
            // (`Use this exact format:` over `## Goal`): then it is that run of sections.
            if level == 7 && !inFence[end], case .atxHeading(let l, _) = lines[end].kind, !Self.hasFence(lines, k + 1, end) {
                if (k + 1..<end).allSatisfy({ lines[$0].isBlank }) {
                    end = siblingTemplateEnd(from: end, in: lines, level: l, inFence: inFence, source: source)
                }
                break
            }
            if !inFence[end], case .atxHeading(let l, _) = lines[end].kind, l <= level { break }
            end += 1
        }
        if level < 7, (k + 1..<end).allSatisfy({ lines[$0].isBlank }) {
            // Nothing under the format heading but headings of its own level below it
            // (`## Report format` over `## Test Results`): those sections are the template,
            // up to the first that holds nothing a template has (`## Rules` over sentences).
            end = siblingTemplateEnd(from: end, in: lines, level: level, inFence: inFence, source: source)
        }
        var fences: [(open: Int, close: Int, example: Bool)] = []
        var dataFence: (open: Int, close: Int, format: String)? = nil
        var dataFences: [(open: Int, close: Int)] = []
        var i = k + 1
        while i < end {
            if case .fence(let marker, let length, let info) = lines[i].kind {
                let close = Self.closingFence(lines, open: i, marker: marker, length: length)
                let language = source.string(info).lowercased()
                let readable = !["json", "yaml", "yml", "xml", "jsonc", "json5"].contains(language)
                // `<summary>…</summary>` and nothing else, fenced as XML or as plain text: an XML answer.
                let xml = close > i + 1 && ["xml", "", "text", "markdown", "md"].contains(language)
                    && Self.holdsOnlyElements(source, lines: (i + 1 + base)..<(close + base))
                if !readable || xml, close > i + 1, language != "xml" || xml {
                    let format = xml ? "xml" : language.hasPrefix("json") ? "json" : "yaml"
                    if dataFence == nil { dataFence = (i, close, format) }
                    if format == dataFence?.format, !Self.introducedAsExample(lines, before: i, after: k, source: source) {
                        dataFences.append((i, close))
                    }
                }
                if readable && !xml && close > i + 1 {
                    fences.append((i, close, Self.introducedAsExample(lines, before: i, after: k, source: source)))
                }
                i = close + 1
                continue
            }
            i += 1
        }
        if fences.isEmpty, let data = dataFence, !Self.introducedAsExample(lines, before: data.open, after: k, source: source) {
            // Only a JSON or YAML document: the answer is that document.
            var block = Block(introduction: introduction, introductionLine: line,
                              lines: (base + data.open + 1)..<(base + min(data.close, lines.count)), fenced: true)
            block.dataFormat = data.format
            // `OR if the tool is not available:` over another document: one document per case.
            if dataFences.count >= 2, dataFences.dropFirst().allSatisfy({ Self.introducedAsCase(lines, before: $0.open, after: k, source: source) }) {
                block.alternatives = dataFences.map { (base + $0.open + 1)..<(base + min($0.close, lines.count)) }
            }
            return block
        }
        if level == 7 {
            // An instruction is followed by its template: a fence first, or the template's lines.
            var next = k + 1
            while next < lines.count && lines[next].isBlank { next += 1 }
            if let fence = fences.first, fence.open == next {
                return Block(introduction: introduction, introductionLine: line,
                             lines: (base + fence.open + 1)..<(base + fence.close), fenced: true)
            }
            // `Respond only with JSON in this exact format:` over a bare `{ … }`: that document.
            if next < lines.count, let close = Self.unfencedDocumentEnd(lines, from: next, source: source) {
                return Block(json: (base + next)..<(base + close + 1), introduction: introduction, at: line)
            }
        } else if let fence = fences.first(where: { !$0.example }) {
            var block = Block(introduction: introduction, introductionLine: line,
                              lines: (base + fence.open + 1)..<(base + min(fence.close, lines.count)), fenced: true)
            let templates = fences.filter { !$0.example }
            if templates.count >= 2, templates.allSatisfy({ Self.introducedAsCase(lines, before: $0.open, after: k, source: source) }) {
                block.alternatives = templates.map { (base + $0.open + 1)..<(base + min($0.close, lines.count)) }
            }
            return block
        } else if let example = fences.first {
            // Only an example is fenced: the template is the live lines before it, if there are any.
            let live = (k + 1)..<example.open
            if live.filter({ isTemplateLike(lines[$0], source: source) }).count < 2 {
                return Block(introduction: introduction, introductionLine: line,
                             lines: (base + example.open + 1)..<(base + min(example.close, lines.count)), fenced: true)
            }
            // The live lines end before the example and the line that introduces it.
            end = example.open
            while end > k + 1 && lines[end - 1].isBlank { end -= 1 }
            if end > k + 1, source.string(lines[end - 1].contentStart..<lines[end - 1].end).lowercased().contains("example") { end -= 1 }
        }
        // No fence, a bare JSON object after sentences only (`Respond with a raw JSON object
        // only.` over `{ … }`): that document.
        if fences.isEmpty, level < 7, let open = (k + 1..<end).first(where: { isTemplateLike(lines[$0], source: source) || Self.startsObject(lines[$0], source) }),
           let close = Self.unfencedDocumentEnd(lines, from: open, source: source), close < end {
            return Block(json: (base + open)..<(base + close + 1), introduction: introduction, at: line)
        }
        // No fence: the lines themselves, from the first that looks like a template.
        var first = k + 1
        while first < end && !isTemplateLike(lines[first], source: source) { first += 1 }
        if first == end && level < 7 {
            // Not even that under a format heading: its sentences, which may name the parts.
            first = k + 1
            while first < end && lines[first].isBlank { first += 1 }
        }
        var last = end
        // An unfenced template ends before rules about it (`Rules:` alone, then sentences).
        if let rules = (first..<end).first(where: { Self.isGuidanceHeading(lines[$0], source: source) }), rules > first { last = rules }
        while last > first && lines[last - 1].isBlank { last -= 1 }
        guard first < last else { return nil }
        return Block(introduction: introduction, introductionLine: line, lines: (base + first)..<(base + last), fenced: false)
    }

    /// The end of the run of sections at `level` starting at line `start` that read as a
    /// template: the first always, each next one while it has a line a template has (a
    /// label, a placeholder, a table row, a fence) besides its headings.
    private func siblingTemplateEnd(from start: Int, in lines: [ScannedLine], level: Int, inFence: [Bool], source: SourceText) -> Int {
        guard start < lines.count, !inFence[start], case .atxHeading(let first, _) = lines[start].kind, first == level else { return start }
        var end = start
        var sectionStart = start
        while sectionStart < lines.count {
            var next = sectionStart + 1
            while next < lines.count {
                if !inFence[next], case .atxHeading(let l, _) = lines[next].kind, l <= level { break }
                next += 1
            }
            let body = (sectionStart + 1)..<next
            let templateLike = body.contains { i in
                if case .fence = lines[i].kind { return true }
                if case .atxHeading = lines[i].kind { return false }
                return isTemplateLike(lines[i], source: source) || TemplateReader.holdsPlaceholder(source.string(lines[i].contentStart..<lines[i].end))
            }
            guard sectionStart == start || templateLike else { break }
            end = next
            guard next < lines.count, case .atxHeading(let l, _) = lines[next].kind, l == level else { break }
            sectionStart = next
        }
        return end
    }

    /// The name of an XML-style tag alone on its line (`<output_format>`), or nil.
    static func openingTag(_ text: String) -> String? {
        let text = unescaped(text).trimmingSpaces
        guard text.count >= 3, text.count <= 40, text.first == "<", text.last == ">" else { return nil }
        let name = text.dropFirst().dropLast()
        guard let first = name.first, first.isLetter,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        return String(name)
    }

    /// A tag line as markdown shows it: backslash escapes (`\<output\_format\>`) removed.
    static func unescaped(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            // CommonMark escapes any ASCII punctuation or symbol; before anything else the backslash stays.
            if escaping, !(character.isASCII && (character.isPunctuation || character.isSymbol)) { result.append("\\") }
            if !escaping, character == "\\" { escaping = true; continue }
            escaping = false
            result.append(character)
        }
        if escaping { result.append("\\") }
        return result
    }

    /// `Rules:`, `**Guidelines**`, `Important:` alone on a line: what follows is about the
    /// template, not part of it.
    static func isGuidanceHeading(_ line: ScannedLine, source: SourceText) -> Bool {
        guard line.listContent == nil else { return false }
        let text = normalized(source.string(line.contentStart..<line.end))
        return ["rules", "guidelines", "constraints", "important", "remember", "requirements", "instructions", "tips", "notes on format",
                "formatting rules", "general rules"].contains(text)
            && source.string(line.contentStart..<line.end).trimmingSpaces.trimming("*_#").trimmingSpaces.hasSuffix(":")
    }

    /// Whether the line is `{` (a JSON object's first line).
    static func startsObject(_ line: ScannedLine, _ source: SourceText) -> Bool {
        line.textStart < line.end && source.bytes[line.textStart] == 0x7B
    }

    /// The last line of a JSON object written without a fence from line `start` (its `{` first
    /// on the line): where its braces close, strings skipped; nil when they never do.
    static func unfencedDocumentEnd(_ lines: [ScannedLine], from start: Int, source: SourceText) -> Int? {
        let bytes = source.bytes
        guard startsObject(lines[start], source) else { return nil }
        var depth = 0
        var inString = false
        for k in start..<min(lines.count, start + 400) {
            var i = lines[k].textStart
            while i < lines[k].end {
                let b = bytes[i]
                if inString {
                    if b == 0x5C { i += 1 } else if b == 0x22 { inString = false }
                } else if b == 0x22 {
                    inString = true
                } else if b == 0x7B || b == 0x5B {
                    depth += 1
                } else if b == 0x7D || b == 0x5D {
                    depth -= 1
                    if depth == 0 { return k }
                }
                i += 1
            }
        }
        return nil
    }

    private static func hasFence(_ lines: [ScannedLine], _ from: Int, _ to: Int) -> Bool {
        var next = from
        while next < to && lines[next].isBlank { next += 1 }
        if next < to, case .fence = lines[next].kind { return true }
        return false
    }

    /// A heading, a title line, a labelled field or a table row.
    private func isTemplateLike(_ line: ScannedLine, source: SourceText) -> Bool {
        switch line.kind {
        case .atxHeading, .tableRow: return true
        case .text:
            switch LineSyntax.read(source.bytes, line.textStart..<line.end, allowDash: false) {
            case .labelled, .title: return true
            case .plain:
                if line.listContent == nil, TemplateReader.namedPart(source.string(line.textStart..<line.end).trimmingSpaces) != nil { return true }
                return line.listContent != nil && line.textStart < line.end && source.bytes[line.textStart] == 0x5B  // `- [Method] /path`
            }
        default: return false
        }
    }

    /// Whether the line before a fence names a case (`### If the pipeline failed`, `**On
    /// failure:**`, `When nothing was found:`): one of alternative templates.
    static func introducedAsCase(_ lines: [ScannedLine], before i: Int, after k: Int, source: SourceText) -> Bool {
        var j = i - 1
        while j > k && lines[j].isBlank { j -= 1 }
        guard j > k else { return false }
        let text = source.string(lines[j].contentStart..<lines[j].end).trimming("#*_ ").lowercased()
        return ["if ", "on ", "when ", "in case", "otherwise", "for a ", "else", "or if ", "or when ", "or, if ", "or in case"]
            .contains(where: text.hasPrefix)
    }

    private static func introducedAsExample(_ lines: [ScannedLine], before i: Int, after k: Int, source: SourceText) -> Bool {
        var j = i - 1
        while j > k && lines[j].isBlank { j -= 1 }
        guard j > k else { return false }
        return source.string(lines[j].contentStart..<lines[j].end).lowercased().contains("example")
    }

    /// The line that closes the fence opened at `open` (or `lines.count`). Fences opened inside
    /// it with an info string (```` ```swift ````) are paired first: templates nest code blocks
    /// that way, although CommonMark would close the outer fence at the inner one's end.
    static func closingFence(_ lines: [ScannedLine], open: Int, marker: UInt8, length: Int) -> Int {
        var inner = 0
        var close = open + 1
        while close < lines.count {
            if case .fence(marker, let l, let info) = lines[close].kind, l >= length {
                if !info.isEmpty {
                    inner += 1
                } else if inner > 0 {
                    inner -= 1
                } else {
                    break
                }
            }
            close += 1
        }
        return close
    }

    /// Which lines are inside a fenced block (the fence lines included).
    static func fenceMask(_ lines: [ScannedLine]) -> [Bool] {
        var mask = [Bool](repeating: false, count: lines.count)
        var open: (marker: UInt8, length: Int)? = nil
        var inner = 0
        for (i, line) in lines.enumerated() {
            if case .fence(let marker, let length, let info) = line.kind {
                if let current = open {
                    mask[i] = true
                    if marker == current.marker && length >= current.length {
                        if !info.isEmpty {
                            inner += 1
                        } else if inner > 0 {
                            inner -= 1
                        } else {
                            open = nil
                        }
                    }
                    continue
                }
                open = (marker, length)
                inner = 0
                mask[i] = true
                continue
            }
            mask[i] = open != nil
        }
        return mask
    }

    /// Words that name an answer's format in a heading.
    static let formatTitles = [
        "return format", "output format", "response format", "report format", "answer format", "reply format",
        "result format", "results format", "output structure", "response structure", "report structure",
        "output template", "response template", "report template", "expected output", "deliverable format",
        "format of your response", "format your response", "format for your response", "format of the response",
        "output contract", "response contract", "return contract", "answer contract", "output spec", "response spec",
        "reporting format", "reporting template", "output shape", "response shape", "what to return", "return value",
    ]

    /// `Format`, `Output`, `Report` alone: a format block only when no named one follows.
    static func isWeakFormatTitle(_ title: String) -> Bool {
        weakTitles.contains(normalized(title))
    }

    /// One word that may name a format (`Output`), here or in another language.
    static let oneWordTitles: Set<String> = ["output", "format", "response", "report", "template"]
    static let weakTitles = oneWordTitles.union(["输出", "出力", "ausgabe", "sortie", "salida"]).union(fencedOnlyTitles)

    /// `Deliverables`, `Final Report`: a format block only when a fenced template follows, and
    /// no named one does.
    static let fencedOnlyTitles: Set<String> = ["deliverables", "deliverable", "final report", "final output", "final deliverable"]

    /// `Return Format`, `## 5. Output Format (required)`, `Expected Output` — not `Metadata Format`.
    static func isFormatTitle(_ title: String) -> Bool {
        let words = normalized(title)
        if oneWordTitles.contains(words) || fencedOnlyTitles.contains(words) { return true }
        if formatTitles.contains(where: { words.contains($0) }) { return true }
        // The same in other languages: 输出格式, 输出契约, 回复格式, 出力形式, Ausgabeformat, …
        return otherLanguageTitles.contains { words.contains($0) }
    }

    static let otherLanguageTitles = [
        "输出", "返回格式", "回复格式", "回答格式", "出力形式", "出力フォーマット", "回答形式", "출력 형식", "응답 형식",
        "ausgabeformat", "antwortformat", "format de sortie", "format de réponse", "formato de salida", "formato de respuesta",
        "formato di output", "formato della risposta", "formato de saída", "formato de resposta",
    ]

    /// An instruction line that introduces a template: "Return your answer in the following
    /// format:", "Structure your response as follows:", "Return structured … as:".
    /// Whether the source lines are XML elements and nothing else (`<summary>…</summary>`).
    static func holdsOnlyElements(_ source: SourceText, lines: Range<Int>) -> Bool {
        let text = lines.map { source.lineText($0) }.joined(separator: "\n")
        guard XMLElements.startsWithTag(text) else { return false }
        let read = XMLElements(text)
        // Each element closed as XML closes it: `<sha> — <problem>` on one line is a line of
        // placeholders, not a document.
        return !read.elements.isEmpty && read.outside.isEmpty
            && read.elements.allSatisfy { text.contains("</\($0.name)>") || text.contains("<\($0.name)/>") || text.contains("<\($0.name) />") }
    }

    static func isInstruction(_ line: String) -> Bool {
        var text = line.trimmingSpaces
        while let last = text.last, last == "*" || last == "_" || last == " " { text.removeLast() }
        guard text.hasSuffix(":"), text.count <= 320 else { return false }
        let words = " " + normalized(text) + " "
        // `Organize findings by severity. For each issue:` over a template.
        if words.contains(" for each ") || words.contains(" for every ") { return true }
        let verbs = [" return", " respond", " reply", " output", " provide", " format", " structure", " present", " report",
                     " answer", " deliver", " use ", " write", " end with", " include", " post", " send", " produce", " give",
                     " emit"]
        guard verbs.contains(where: words.contains) else { return false }
        let cues = ["following format", "this format", "exact format", "format below", "exact structure", "following structure", "this structure",
                    "following template", "this template", "as follows", "in this form", "formatted as", "this shape",
                    "following shape", "this layout", "following layout", "like this", "structure below", "template below",
                    "block below", "this block", "following block", "exactly this", "return exactly"]
        let endings = [" as ", " format ", " structure ", " template "]
        return cues.contains(where: words.contains) || endings.contains(where: words.hasSuffix)
    }

    /// Lower case, letters and digits only, single spaces.
    static func normalized(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.isEmpty && out.last != " " {
                out.append(" ")
            }
        }
        return out.trimmingSpaces
    }
}

extension FormatBlockLocator.Block {
    /// A JSON document written without a fence, on `lines`.
    init(json lines: Range<Int>, introduction: String, at line: Int) {
        self.init(introduction: introduction, introductionLine: line, lines: lines, fenced: false)
        dataFormat = "json"
    }
}
