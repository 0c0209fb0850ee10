/// The language messages are shown in: Simplified Chinese for the officers and caseworkers who read
/// them, English behind `--lang en` or `language: en` in ruleset.yaml.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case zh, en

    public static let `default` = Language.zh
}

/// A message written once in both languages, Chinese first, where it is raised; rendered in one.
public struct Text: Sendable, Hashable, CustomStringConvertible {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// Text that is already in the reader's language or in none (a Lua error raised in the chosen
    /// language, a parser's own words, a name).
    public init(verbatim text: String) {
        self.init(zh: text, en: text)
    }

    public func rendered(in language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }

    /// The Chinese text: what users see unless they ask for English.
    public var description: String { zh }

    public var isEmpty: Bool { zh.isEmpty && en.isEmpty }

    public static func + (left: Text, right: Text) -> Text {
        Text(zh: left.zh + right.zh, en: left.en + right.en)
    }

    public static func += (left: inout Text, right: Text) {
        left = left + right
    }
}

extension String {
    /// The columns the text takes in a terminal: two for a Chinese character (or any wide one), for
    /// tables that line up in both languages.
    package var displayWidth: Int {
        unicodeScalars.reduce(0) { $0 + (($1.value >= 0x1100 && $1.properties.generalCategory != .nonspacingMark) ? 2 : 1) }
    }
}
