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

    public static func + (left: Text, right: Text) -> Text {
        Text(zh: left.zh + right.zh, en: left.en + right.en)
    }
}

extension String {
    /// The columns the text takes in a terminal: two for a Chinese character or a full-width form, for
    /// tables that line up in both languages.
    package var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD: width + 2
            default: width + 1
            }
        }
    }
}
