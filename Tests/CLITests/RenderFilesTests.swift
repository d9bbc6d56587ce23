import Foundation
import Testing

/// `render --output-dir` and `-o`: one file a report, named after its input, rendered over all
/// cores but each page the same as rendering that input alone; no temporary file left behind.
@Suite struct RenderFilesTests {
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-cli-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func eachInputGetsItsOwnPageWithCollidingNamesNumbered() throws {
        let folder = try Self.scratch("render-dir")
        // Two inputs named alike: the second is written as `clean-markdown-2`.
        let copy = folder.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("samples/defects.md").path,
                                         toPath: copy.appendingPathComponent("clean-markdown.md").path)
        let inputs = ["samples/clean-markdown.md", "samples/clean-plain.md", copy.appendingPathComponent("clean-markdown.md").path]
        let out = folder.appendingPathComponent("pages")
        let result = try CLI.run(["render", "--to", "html", "--output-dir", out.path] + inputs)
        #expect(result.status == 1, "one input has defects: \(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["clean-markdown-2.html", "clean-markdown.html", "clean-plain.html"])
        for (input, page) in zip(inputs, ["clean-markdown.html", "clean-plain.html", "clean-markdown-2.html"]) {
            let alone = folder.appendingPathComponent("alone.html")
            _ = try CLI.run(["render", "--to", "html", input, "-o", alone.path])
            #expect(try Data(contentsOf: out.appendingPathComponent(page)) == Data(contentsOf: alone), "\(page) is not \(input)'s page")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["alone.html", "copy", "pages"])
    }

    @Test func aFileThatCannotBeWrittenIsAClearError() throws {
        let result = try CLI.run(["render", "samples/clean-markdown.md", "-o", "/nonexistent-folder/report.md"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot write /nonexistent-folder/report.md"), "\(result.stderr)")
    }
}
