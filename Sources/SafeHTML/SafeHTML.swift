/// SafeHTML: the only module that touches libxml2 (through `CLibXML2`).
///
/// It implements the "HTML" part of DESIGN.md for libxml2 2.9 and later:
/// - ``HTMLDocument`` and ``HTMLElement`` build a page as a libxml2 tree — element and
///   attribute names are compile-time literals (``HTMLName``), text is always a text node —
///   and serialise it with libxml2's HTML serialiser, never by string concatenation;
/// - ``HTMLSanitizer`` parses an untrusted fragment with libxml2's HTML parser (no network)
///   and copies into the page only an allow-list of elements, and of attributes only a
///   checked `href` on `a` (``LinkPolicy``);
/// - ``HTMLInspector`` parses a whole page back, collecting parse errors, as a read-only list
///   of elements for tests and tools.
///
/// Every value handed out is plain Swift; libxml2 pointers never leave the module. Separate
/// documents may be built, sanitised and inspected on separate threads at the same time.
import CLibXML2

/// Process-wide libxml2 set-up.
enum LibXML {
    /// Runs `xmlInitParser` exactly once (Swift initialises a static `let` once, thread-safely),
    /// before any other libxml2 call of this module.
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Makes sure libxml2 is initialised.
    @inline(__always)
    static func ensureInitialized() {
        _ = initialized
    }

    /// Frees memory libxml2 allocated for the caller.
    static func free(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        clibxml2_free(pointer)
    }
}

extension String {
    /// The string with what XML and HTML cannot carry in text or attribute values — C0 control
    /// characters other than tab, line feed and carriage return, and U+FFFE, U+FFFF — replaced
    /// by U+FFFD, so libxml2 neither truncates at a NUL nor writes a character a parser rejects.
    var xmlSafe: String {
        var copy = self
        guard !copy.withUTF8({ isXMLSafe($0) }) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let value = scalar.value
            let bad = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF
            scalars.append(bad ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}

extension String {
    /// Calls `body` with the string as a NUL-terminated libxml2 string (a native string is
    /// not copied). The string must hold no NUL (see ``xmlSafe``).
    func withXMLString<Result>(_ body: (UnsafePointer<xmlChar>) -> Result) -> Result {
        withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
}

/// False when UTF-8 `bytes` hold a C0 control other than tab, line feed or carriage return,
/// or U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`).
func isXMLSafe<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
    var index = bytes.startIndex
    while index < bytes.endIndex {
        let byte = bytes[index]
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        if byte == 0xEF, index + 2 < bytes.endIndex, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return false }
        index += 1
    }
    return true
}

/// A libxml2 string (`xmlChar *`, UTF-8, NUL-terminated) as a Swift string; "" for NULL.
func string(fromXML pointer: UnsafePointer<xmlChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}
