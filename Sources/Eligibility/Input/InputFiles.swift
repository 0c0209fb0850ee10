import Foundation

/// The files a command is given: a file as named, a folder as every file below it with one of the
/// wanted extensions, in name order (so every run reads them in the same order).
public enum InputFiles {
    public struct Named: Sendable {
        public var path: String
        /// True when the user named the file itself, not a folder holding it.
        public var isExplicit: Bool
    }

    public static func expand(_ paths: [String], extensions: Set<String>) -> (files: [Named], problems: [Diagnostic]) {
        var files: [Named] = []
        var problems: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(file: path, message: Text(zh: "没有这个文件或文件夹", en: "no such file or folder")))
                continue
            }
            if isDirectory.boolValue {
                files += self.files(in: path, extensions: extensions).map { Named(path: $0, isExplicit: false) }
            } else {
                files.append(Named(path: path, isExplicit: true))
            }
        }
        return (files, problems)
    }

    public static func files(in folder: String, extensions: Set<String>) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
