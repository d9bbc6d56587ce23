#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file the user named (`render -o`, `render --output-dir`, `schema … -o`): to a
/// temporary name in the same folder, renamed over the final name, so that a reader never sees
/// half a file. Not forced to disk: these are outputs a command can make again, and an fsync
/// a file costs more than rendering it. Publishing keeps its own writes (see
/// `ConfinedDirectory`), with a journal that survives a crash.
public enum OutputFile {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder.isEmpty ? "/" : folder)/.\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(message: String(cString: strerror(errno))) }
        var text = text
        var failure = text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw Failure(message: String(cString: strerror(failure)))
        }
    }

    /// Writes all of `buffer` to `fd`; 0, or the error number.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < buffer.count {
            let n = systemWrite(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : EIO }
            written += n
        }
        return 0
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
