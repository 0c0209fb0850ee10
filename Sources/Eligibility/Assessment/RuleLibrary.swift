import Foundation
import LuaSandbox

/// The Lua half of the rule contract (Rules/README.md): the names rule files see (`profile`, `facts`,
/// `params`, `eligible`, `cash`, `money`, …) and the entry points the assessor calls. It runs once per
/// Lua state, inside the sandbox, before any rule file; rule files only ever see the `API` table.
///
/// It is Lua rather than Swift so that no Swift function is ever called from Lua (a Lua error inside
/// one would longjmp across Swift frames) and so that reading a fact or parameter stays a table access.
/// Its files are `Sources/Eligibility/RuleLibrary/*.lua`, shipped as a resource of this module. Each runs
/// as its own chunk named `bangfu/` and its file name, so messages and frames read `bangfu/money.lua:12`;
/// `library.lua` runs the others in the order listed here (its header says how they share state).
enum RuleLibrary {
    struct File: Sendable {
        /// `bangfu/money.lua`, as messages and frames give it.
        var chunkName: String
        var source: String
    }

    /// Runs `files`, in order.
    static let loader = read("library.lua")

    /// In load order: each file uses what the files before it left in the library's table.
    static let files = [
        "messages.lua", "state.lua", "unknowns.lua", "profile.lua", "facts.lua", "parameters.lua", "history.lua", "money.lua", "dates.lua",
        "lists.lua", "outcomes.lua", "programmes.lua", "environment.lua", "entry_points.lua",
    ].map(read)

    /// Where an engine failure that Lua gives no place for is reported: the file of the entry points.
    static let entryPointsChunkName = chunkName(of: "entry_points.lua")

    /// Whether a chunk name (of a frame or a message) is one of the library's files, not a rule file.
    static func isLibraryChunk(_ name: String) -> Bool { chunkNames.contains(name) }

    private static let chunkNames = Set(([loader] + files).map(\.chunkName))

    /// What the loader is called with: `{ { name = chunk name, source = … }, … }`.
    static var loaderArgument: LuaValue {
        .list(files.map { .record(["name": .string($0.chunkName), "source": .string($0.source)]) })
    }

    /// Runs the library in a fresh sandbox.
    static func load(into sandbox: LuaSandbox) throws(LuaError) {
        _ = try sandbox.call(try sandbox.load(loader.source, chunkName: loader.chunkName), [loaderArgument])
    }

    private static func chunkName(of fileName: String) -> String { "bangfu/" + fileName }

    /// Reads a file of the library from this module's resources; without it there is no engine.
    private static func read(_ fileName: String) -> File {
        guard let url = Bundle.module.url(forResource: fileName, withExtension: nil, subdirectory: "RuleLibrary"),
              let source = try? String(contentsOf: url, encoding: .utf8)
        else {
            fatalError("the rule library file RuleLibrary/\(fileName) is missing from \(Bundle.module.bundlePath); "
                       + "the Eligibility module's resources are incomplete")
        }
        return File(chunkName: chunkName(of: fileName), source: source)
    }
}
