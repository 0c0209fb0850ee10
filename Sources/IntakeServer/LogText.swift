/// Text that came from outside (an account name typed at sign-in), made safe for one log line: line
/// breaks, control and format characters and the backslash are written as escapes (`\n`, `\u{202E}`),
/// so no one can forge or hide a log line.
func loggable(_ text: some StringProtocol, limit: Int = 64) -> String {
    var result = ""
    for scalar in text.unicodeScalars.prefix(limit) {
        switch scalar {
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return text.unicodeScalars.count > limit ? result + "…" : result
}
