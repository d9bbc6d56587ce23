import Foundation
import JSONSchema
import Testing

/// Publishers as separate processes: running at once into one folder, and killed mid-way.
@Suite(.serialized) struct PublishProcessTests {
    /// 200 generated answers in four folders of 50.
    static func answers(_ name: String) throws -> [URL] {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("agent-report-cli-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: base)
        let corpus = base.appendingPathComponent("corpus")
        let generator = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/generate.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator.path, "--count", "200", "--seed", "31", "--out", corpus.path]
        try process.run()
        process.waitUntilExit()
        var folders: [URL] = []
        for part in 0..<4 {
            let folder = base.appendingPathComponent("part\(part)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in (part * 50 + 1)...(part * 50 + 50) {
                let name = String(format: "%05d.md", index)
                try FileManager.default.copyItem(at: corpus.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
            folders.append(folder)
        }
        return folders
    }

    static func catalogCount(_ out: URL) throws -> Int {
        let index = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        return index["reports"]?.arrayValue?.count ?? -1
    }

    /// The report files on disk and the files the catalog names are the same set; no temporary files.
    static func expectConsistent(_ out: URL) throws {
        let index = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        var named = Set<String>()
        for entry in index["reports"]?.arrayValue ?? [] {
            for key in ["markdown", "html", "json"] { entry["paths"]?[key]?.stringValue.map { named.insert($0) } }
            for (_, category) in entry["paths"]?["categories"]?.objectValue ?? JSONObject() {
                for key in ["markdown", "html"] { category[key]?.stringValue.map { named.insert($0) } }
            }
        }
        var files = Set<String>()
        var temporary: [String] = []
        let walker = FileManager.default.enumerator(atPath: out.path)
        while let path = walker?.nextObject() as? String {
            if path.contains(".agent-report-tmp-") { temporary.append(path) }
            if (path.hasPrefix("Design/") || path.hasPrefix("Reports/")) && (path.hasSuffix(".md") || path.hasSuffix(".html") || path.hasSuffix(".json")) { files.insert(path) }
        }
        #expect(files == named, "files without entries: \(files.subtracting(named).prefix(3)); entries without files: \(named.subtracting(files).prefix(3))")
        #expect(temporary.isEmpty, "\(temporary.prefix(3))")
    }

    /// One `publish` process a folder (with its `--schema`, if any), all at once into `out`;
    /// their exit statuses.
    static func publishAtOnce(_ jobs: [(folder: URL, schema: String?)], into out: URL) throws -> [Int32] {
        let processes = try jobs.map { job -> Process in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["publish", job.folder.path, "--out", out.path, "--created", "2026-11-20 10:00:00", "--format", "json"]
                + (job.schema.map { ["--schema", $0] } ?? [])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        processes.forEach { $0.waitUntilExit() }
        return processes.map(\.terminationStatus)
    }

    @Test func fourPublishersAtOnceLoseNothing() throws {
        let folders = try Self.answers("concurrent")
        let out = folders[0].deletingLastPathComponent().appendingPathComponent("out")
        let statuses = try Self.publishAtOnce(folders.map { ($0, nil) }, into: out)
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(try Self.catalogCount(out) == 200)
        try Self.expectConsistent(out)
    }

    /// Four publishers at once into one folder, with three agents' formats: 100 backend
    /// answers in two folders, 50 answers each of two formats derived from agent definitions.
    @Test func fourPublishersOfThreeAgentsAtOnceLoseNothing() throws {
        let folders = try Self.answers("three-agents")
        let base = folders[0].deletingLastPathComponent()
        let definitions = CLI.packageRoot.appendingPathComponent("Tests/AgentReportTests/Fixtures/definitions")
        var jobs: [(folder: URL, schema: String?)] = [(folders[0], nil), (folders[1], nil)]
        for (part, agent) in [(2, "adr-writer"), (3, "incident-commander")] {
            let schema = base.appendingPathComponent("\(agent).schema.json")
            let derive = try CLI.run(["schema", "derive", definitions.appendingPathComponent("\(agent)/agent.md").path, "-o", schema.path])
            #expect(derive.status == 0, "\(derive.stderr)")
            let answer = try String(contentsOf: definitions.appendingPathComponent("\(agent)/answer.md"), encoding: .utf8)
            let folder = folders[part]
            for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) { try FileManager.default.removeItem(at: file) }
            for n in 1...50 {
                try Data("---\nsystem: \(agent)-system-\(n)\n---\n\(answer)".utf8).write(to: folder.appendingPathComponent("\(n).md"))
            }
            jobs.append((folder, schema.path))
        }
        let out = base.appendingPathComponent("out")
        let statuses = try Self.publishAtOnce(jobs, into: out)
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(try Self.catalogCount(out) == 200)
        try Self.expectConsistent(out)
        let index = try JSONParser.parse(try [UInt8](Data(contentsOf: out.appendingPathComponent("index.json"))))
        var perAgent: [String: Int] = [:]
        for entry in index["reports"]?.arrayValue ?? [] { perAgent[entry["agent"]?.stringValue ?? "?", default: 0] += 1 }
        #expect(perAgent == ["backend-engineer": 100, "adr-writer": 50, "incident-commander": 50])
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("Reports/adr-writer").path)
        #expect(reports.filter { $0.hasSuffix(".md") }.count == 50)
    }

    @Test func aPublisherKilledMidWayLeavesAConsistentTree() throws {
        let folders = try Self.answers("killed")
        let out = folders[0].deletingLastPathComponent().appendingPathComponent("out")
        for delay in [150_000, 400_000, 900_000] as [useconds_t] {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["publish"] + folders.map(\.path) + ["--out", out.path, "--created", "2026-11-20 10:00:00"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let rerun = try CLI.run(["publish"] + folders.map(\.path) + ["--out", out.path, "--created", "2026-11-20 10:00:00"])
        #expect(rerun.status == 0 || rerun.status == 1, "\(rerun.stderr)")
        #expect(try Self.catalogCount(out) == 200)
        try Self.expectConsistent(out)
    }
}
