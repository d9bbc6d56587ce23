import Foundation

/// How a report names its input and schema files: a page or JSON document is meant to be
/// shared, so an absolute path becomes the path from the current folder when it lies inside
/// it, else the file's name alone. Relative names, `<stdin>` and bundled schema names stay as
/// given.
public enum ShareableName {
    public static func of(_ name: String) -> String {
        guard name.hasPrefix("/") else { return name }
        let base = FileManager.default.currentDirectoryPath
        if base != "/", name.hasPrefix(base + "/"), name.count > base.count + 1 { return String(name.dropFirst(base.count + 1)) }
        return (name as NSString).lastPathComponent
    }
}
