import Foundation

/// Where inputs come from: files, directories (recursively) and standard input.
public enum InputLoader {
    /// File extensions read from a directory.
    public static let extensions: Set<String> = ["md", "markdown", "txt", "json"]
    /// Inputs larger than this are refused with a diagnostic rather than read whole.
    public static let defaultMaxBytes = 64 << 20

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// One input to read: a file path, or `-` for standard input.
    public struct Source: Sendable, Hashable {
        /// How diagnostics name it: the path as given (or found under a directory), or `<stdin>`.
        public var name: String
        public var path: String?

        public static let standardInput = Source(name: "<stdin>", path: nil)
    }

    /// Expands the command line's paths: a directory yields its files with a known extension,
    /// recursively and sorted; `-` is standard input. A path that does not exist throws.
    public static func sources(for paths: [String]) throws(InputLoader.Error) -> [Source] {
        var result: [Source] = []
        for path in paths {
            if path == "-" {
                result.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Error(message: "\(path): no such file or directory")
            }
            guard isDirectory.boolValue else {
                result.append(Source(name: path, path: path))
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: path) else {
                throw Error(message: "\(path): cannot list this directory")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let ext = (relative as NSString).pathExtension.lowercased()
                guard extensions.contains(ext) else { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    found.append(full)
                }
            }
            result += found.sorted().map { Source(name: $0, path: $0) }
        }
        return result
    }

    /// Reads one input's bytes, refusing more than `maxBytes`.
    public static func read(_ source: Source, maxBytes: Int = defaultMaxBytes) throws(InputLoader.Error) -> [UInt8] {
        let handle: FileHandle
        if let path = source.path {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw Error(message: "\(path): cannot be read (permission denied, or not a regular file)")
            }
            handle = opened
        } else {
            handle = FileHandle.standardInput
        }
        defer { if source.path != nil { try? handle.close() } }
        var bytes: [UInt8] = []
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw Error(message: "\(source.name): read failed: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
            if bytes.count > maxBytes {
                throw Error(message: "\(source.name): larger than the \(maxBytes >> 20) MiB input limit; split it or raise --max-input-size")
            }
        }
        return bytes
    }
}
