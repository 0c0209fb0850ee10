import Foundation

/// The one stylesheet (`/style.css`, the resource Sources/IntakeServer/style.css): plain, readable, and
/// an A4 print layout for decision sheets.
enum Stylesheet {
    static let css: String = {
        guard let url = Bundle.module.url(forResource: "style", withExtension: "css"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("bangfu: style.css is missing from the IntakeServer resources")
        }
        return text
    }()
}
