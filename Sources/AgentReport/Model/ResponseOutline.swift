import Foundation
import JSONSchema

/// What the tolerant parser reads in an answer, before any schema is applied.
///
/// Nothing in the input is dropped: every non-blank line belongs to exactly one node — the
/// front matter, a wrapper fence line, a preamble or epilogue block, a section heading, or an
/// item of a section.
public struct ResponseOutline: Sendable {
    public var source: SourceText
    public var frontMatter: FrontMatter?
    /// Lines of a fence that wraps the whole answer (```` ``` ````, ```` ```markdown ````), not content.
    public var wrapperFences: [SourceRange] = []
    public var preamble: [OutlineItem] = []
    public var sections: [OutlineSection] = []
    public var epilogue: [OutlineItem] = []
    /// What the parser found wrong with the text itself (encoding, front matter).
    public var diagnostics: [Diagnostic] = []

    public init(source: SourceText) {
        self.source = source
    }

    /// The nodes of the outline, in source order of kind: front matter, wrapper fences,
    /// preamble, section headings and items, epilogue — each by the range it spans.
    var nodeRanges: [SourceRange] {
        var ranges: [SourceRange] = []
        if let frontMatter { ranges.append(frontMatter.range) }
        ranges += wrapperFences
        ranges += preamble.map(\.range)
        for section in sections {
            ranges.append(section.headingRange)
            ranges += section.items.map(\.range)
        }
        ranges += epilogue.map(\.range)
        return ranges
    }

    /// 1-based lines that are not blank but lie in no node, or in more than one. Always empty: the
    /// parser's invariant, asserted by the tests and the fuzz targets.
    public var misplacedLines: [(line: Int, nodes: Int)] {
        var counts = [Int](repeating: 0, count: source.lineCount)
        for range in nodeRanges where range.start.line >= 1 {
            for line in range.start.line...max(range.start.line, range.end.line) where line <= counts.count {
                counts[line - 1] += 1
            }
        }
        var misplaced: [(line: Int, nodes: Int)] = []
        for line in 0..<source.lineCount where counts[line] != 1 {
            let span = source.lineSpan(line)
            // Blank as the parser reads lines: white space of any width, zero-width included.
            if Bytes.skipSpace(source.bytes, span.lowerBound, span.upperBound) < span.upperBound {
                misplaced.append((line + 1, counts[line]))
            }
        }
        return misplaced
    }

    /// An item's text: a block's text, or a field's source text as written.
    public func text(of item: OutlineItem) -> String {
        switch item {
        case .block(let block): block.text
        case .field: source.string(spanOf: item.range)
        }
    }
}

/// YAML between `---` lines at the top of the answer.
public struct FrontMatter: Sendable {
    /// The YAML text between the delimiters.
    public var text: String
    /// The YAML as JSON, when it parsed to a mapping.
    public var value: JSONObject?
    /// Delimiters included.
    public var range: SourceRange
}

/// A part of the answer introduced by a heading.
public struct OutlineSection: Sendable {
    public enum HeadingStyle: String, Sendable {
        /// `## Title`
        case atx
        /// `Title` underlined with `===` or `---`.
        case setext
        /// `**TITLE:**`, `__Title__`
        case emphasis
        /// `TITLE:` or `TITLE` on a line of its own, in capitals.
        case capitals
        /// `Title:` on a line of its own, followed by labelled fields.
        case label
        /// `- TITLE:` or `1. Title:` — a list item whose nested lines are the section.
        case listItem
    }

    /// The title as written, without heading marks, numbering, emphasis or a trailing colon.
    public var title: String
    public var style: HeadingStyle
    /// `#` count for ATX headings, 1 or 2 for setext, 0 otherwise.
    public var level: Int
    /// The heading line(s).
    public var headingRange: SourceRange
    /// Where `title` sits on the heading line.
    public var titleRange: SourceRange
    public var items: [OutlineItem]
    /// The heading and everything up to the next section.
    public var range: SourceRange
    /// 0-based line span of the body (after the heading), for reading the body verbatim.
    public var bodyLines: Range<Int>
}

/// One thing inside a section, the preamble or the epilogue.
public enum OutlineItem: Sendable {
    case field(OutlineField)
    case block(OutlineBlock)

    public var range: SourceRange {
        switch self {
        case .field(let field): field.range
        case .block(let block): block.range
        }
    }

    /// A block that is only an HTML comment (`<!-- … -->`): invisible when rendered, so not
    /// kept as extras (the outline still has it).
    public var isComment: Bool {
        guard case .block(let block) = self else { return false }
        let text = block.text
        guard text.hasPrefix("<!--"), text.hasSuffix("-->") else { return false }
        return text.dropFirst(4).dropLast(3).range(of: "-->") == nil
    }
}

/// `- Label: value`, in any of the forms answers use, with the lines that continue its value.
public struct OutlineField: Sendable {
    public enum Style: String, Sendable {
        /// `- Label: v`, `* Label: v`, `• Label: v`, `1. Label: v`
        case listItem
        /// `Label: v` with no list marker.
        case bare
        /// `| Label | v |`
        case tableRow
        /// `**Label**` or `Label:` alone on a line, its value on the lines below.
        case labelLine
        /// A heading whose body is the value (`### Framework Choice` then prose).
        case heading
    }

    /// The label as written, without markers, emphasis or the separator.
    public var label: String
    public var style: Style
    /// The value's markdown: verbatim but for the label, the list marker and the common indentation.
    public var value: String
    public var labelRange: SourceRange
    /// Nil when the field has no value.
    public var valueRange: SourceRange?
    /// The whole field: label line and continuation lines.
    public var range: SourceRange
    /// 0-based lines the field spans.
    public var lines: ClosedRange<Int>
    /// Indentation of the label line, in columns (a tab counts to the next multiple of 4).
    public var indent: Int
}

/// Text that is not a labelled field: a paragraph, a list, a code block, a table, a rule.
public struct OutlineBlock: Sendable {
    public enum Kind: String, Sendable {
        case paragraph, list, code, table, rule, html
    }

    public var kind: Kind
    /// The block's text, common indentation removed.
    public var text: String
    public var range: SourceRange
    public var lines: ClosedRange<Int>
}
