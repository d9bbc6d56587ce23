import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The publisher's file operations, all confined to one root directory: folders are made
/// without following symbolic links, files are written to a temporary name in their own
/// folder and renamed into place, and a lock file serialises publishers.
struct ConfinedDirectory {
    /// The root, resolved once (it may itself be reached through a link the user chose).
    let root: String

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    init(_ path: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw Failure(message: "cannot create \(path): \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw Failure(message: "\(path) is not a directory")
        }
        guard let resolved = realpath(path, nil) else { throw Failure(message: "cannot resolve \(path)") }
        root = String(cString: resolved)
        free(resolved)
    }

    /// The absolute path of `components` under the root.
    func path(_ components: [String]) -> String {
        ([root] + components).joined(separator: "/")
    }

    /// Makes the folders `components` under the root, refusing any that is a symbolic link or
    /// not a folder, and any name that could leave the root.
    func makeDirectories(_ components: [String]) throws(Failure) {
        var current = root
        for component in components {
            guard Self.isPlainName(component) else { throw Failure(message: "refusing the folder name \"\(component)\"") }
            current += "/" + component
            var info = stat()
            if lstat(current, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    throw Failure(message: "\(relative(current)) is a symbolic link; refusing to write through it")
                }
                guard (info.st_mode & S_IFMT) == S_IFDIR else { throw Failure(message: "\(relative(current)) is not a folder") }
            } else if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw Failure(message: "cannot create \(relative(current)): \(String(cString: strerror(errno)))")
            } else if lstat(current, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
                throw Failure(message: "\(relative(current)) is not a folder")
            }
        }
    }

    /// Writes `bytes` to `directory/name` atomically: a temporary file in the same folder,
    /// renamed over the final name (a link at that name is replaced, not followed). A killed
    /// process leaves at most a temporary file; the data is not forced to disk (no fsync), so
    /// a power loss may lose the last reports, never leave a partial one under its name.
    func write(_ bytes: [UInt8], to directory: [String], name: String) throws(Failure) {
        try makeDirectories(directory)
        guard Self.isPlainName(name) else { throw Failure(message: "refusing the file name \"\(name)\"") }
        let folder = path(directory)
        let temporary = "\(folder)/\(Self.temporaryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(message: "cannot write in \(relative(folder)): \(String(cString: strerror(errno)))") }
        var failure = bytes.withUnsafeBytes { OutputFile.writeAll(fd, $0) }
        close(fd)
        if failure == 0 && rename(temporary, "\(folder)/\(name)") != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw Failure(message: "cannot write \(relative("\(folder)/\(name)")): \(String(cString: strerror(failure)))")
        }
    }

    /// Whether every folder of `components` (the root excluded) is a real folder, not a link.
    func isRealFolder(_ components: [String]) -> Bool {
        var current = root
        for component in components {
            guard Self.isPlainName(component) else { return false }
            current += "/" + component
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        }
        return true
    }

    /// Whether a file or folder is at `components`, reached through real folders only.
    func exists(_ components: [String]) -> Bool {
        var info = stat()
        return isRealFolder(Array(components.dropLast())) && lstat(path(components), &info) == 0
    }

    /// A plain file's bytes, reached through real folders only.
    func read(_ components: [String]) -> [UInt8]? {
        var info = stat()
        guard isRealFolder(Array(components.dropLast())), lstat(path(components), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG
        else { return nil }
        return FileManager.default.contents(atPath: path(components)).map { [UInt8]($0) }
    }

    /// Removes a file reached through real folders only (a link in the way: nothing happens).
    func remove(_ components: [String]) {
        guard let name = components.last, Self.isPlainName(name), isRealFolder(Array(components.dropLast())) else { return }
        unlink(path(components))
    }

    /// The plain files in a folder under the root (none when it or a folder above it is a link).
    func files(in components: [String]) -> [String] {
        guard isRealFolder(components) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(components))) ?? []
        return names.filter { name in
            var entry = stat()
            return lstat(path(components + [name]), &entry) == 0 && (entry.st_mode & S_IFMT) == S_IFREG
        }.sorted()
    }

    /// Runs `body` holding an exclusive lock on `components` (created if missing); the lock
    /// goes with the process, so a killed publisher never leaves it held.
    func withLock<T>(_ components: [String], _ body: () throws(Failure) -> T) throws(Failure) -> T {
        try makeDirectories(Array(components.dropLast()))
        let fd = open(path(components), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(message: "cannot open the lock \(components.joined(separator: "/")): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(message: "cannot lock \(components.joined(separator: "/"))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static let temporaryPrefix = ".agent-report-tmp-"

    /// A name that stays in its folder: not empty, not `.`/`..`, no `/` or NUL, not too long.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255 && !name.utf8.contains(0x2F) && !name.utf8.contains(0)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}

