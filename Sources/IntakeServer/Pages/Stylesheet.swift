import Foundation

/// The desk's two static files, resources of the target: the one stylesheet (`/style.css`, from
/// Sources/IntakeServer/style.css: plain, readable, and an A4 print layout for the sheets) and the print
/// button's script (`/print.js`, from Sources/IntakeServer/print.js), the only script the desk serves.
enum Stylesheet {
    static let css = resource("style", "css")
    static let printScript = resource("print", "js")

    private static func resource(_ name: String, _ type: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: type),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("bangfu: \(name).\(type) is missing from the IntakeServer resources")
        }
        return text
    }
}
