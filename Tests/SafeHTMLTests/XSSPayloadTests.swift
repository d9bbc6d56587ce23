import Foundation
import SafeHTML
import Testing

/// The XSS payload list (`../shared/testdata/xss-vectors`) through the sanitizer alone: only
/// allowed elements and links survive, and the output reads back to the same tree.
@Suite struct XSSPayloadTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let payloads: [String] = {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/xss-vectors/xss-payload-list.txt")
        return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }()

    static let allowed = Set(HTMLSanitizer.Policy.allowedElements)

    @Test func everyPayloadIsReducedToTheAllowList() {
        #expect(Self.payloads.count > 6000, "the XSS list was not found under ../shared/testdata")
        let sanitizer = HTMLSanitizer()
        var failures: [String] = []
        for payload in Self.payloads {
            let once = sanitizer.sanitize(payload)
            let page = SanitizerTests.read(once)
            guard let div = page.elements.firstIndex(where: { $0.name == "div" }) else {
                failures.append("no wrapper for \(payload)")
                continue
            }
            for element in page.elements[(div + 1)...] {
                if !Self.allowed.contains(element.name) { failures.append("<\(element.name)> from \(payload)") }
                for attribute in element.attributes {
                    let ok = element.name == "a" && (attribute.name == "rel" || attribute.name == "href" && LinkPolicy().allowedHref(attribute.value) != nil)
                    if !ok { failures.append("\(attribute.name)=\(attribute.value) on <\(element.name)> from \(payload)") }
                }
            }
            let problems = page.problems.filter { $0.code != HTMLInspector.Problem.unknownTagCode }
            if !problems.isEmpty { failures.append("\(problems) reading back \(payload)") }
            let (built, read, readProblems) = SanitizerTests.roundTrip(payload)
            if built != read { failures.append("reads back differently: \(payload): \(built) vs \(read)") }
            if !readProblems.isEmpty { failures.append("\(readProblems) reading back the page of \(payload)") }
        }
        #expect(failures.isEmpty, "\(failures.count) failures; first: \(failures.prefix(5))")
    }
}
