/// A citizen ID number (居民身份证号码, GB 11643-1999): 18 characters, a 6-digit region code, the birth
/// date as 8 digits (positions 7–14), a 3-digit sequence whose last digit is odd for men and even for
/// women, and a check character (0–9 or X) over the first 17 by ISO 7064 MOD 11-2.
///
/// Read as a desk types it: spaces, full-width digits and a lower-case or full-width x are accepted and
/// written in the standard form (`11010519491231002X`).
public struct ChineseIDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The 18 characters in the standard form.
    public let text: String
    public let birthDate: CivilDate
    public let sex: Sex

    public enum Sex: String, Sendable, Hashable, CaseIterable {
        /// The codes are the sample schema's (`applicant.sex`).
        case male, female
    }

    public var description: String { text }

    /// The 6-digit administrative region code where the number was issued.
    public var regionCode: String { String(text.prefix(6)) }

    /// Why a text is not an ID number: its length, a character that cannot stand where it does, a birth
    /// date that is no date or lies after the day of the assessment, or a check character that does not
    /// fit the rest (most often one digit mistyped or two swapped).
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case length(Int)
        /// A character that is not a digit among the first 17 (position from 1).
        case notADigit(position: Int, character: Character)
        /// The 18th is neither a digit nor X.
        case badCheckCharacter(Character)
        /// Positions 7–14 are not a calendar date.
        case impossibleBirthDate(String)
        case bornAfter(birthDate: CivilDate, date: CivilDate)
        case checkDigit(expected: Character, got: Character)

        /// What is wrong and how to check it, for the desk (the interview's answer hints show it too).
        public var message: Text {
            switch self {
            case .length(let count):
                Text(zh: "身份证号应为 18 位，现为 \(count) 位", en: "an ID number has 18 characters, this one has \(count)")
            case .notADigit(let position, let character):
                Text(zh: "身份证号前 17 位只能是数字，第 \(position) 位是“\(character)”",
                     en: "the first 17 characters of an ID number are digits, character \(position) is \"\(character)\"")
            case .badCheckCharacter(let character):
                Text(zh: "身份证号最后一位只能是数字或 X，现为“\(character)”",
                     en: "the last character of an ID number is a digit or X, not \"\(character)\"")
            case .impossibleBirthDate(let digits):
                Text(zh: "身份证号第 7 至 14 位是出生日期，\(digits) 不是有效日期",
                     en: "characters 7 to 14 of an ID number are the birth date, and \(digits) is not a date")
            case .bornAfter(let birthDate, let date):
                Text(zh: "身份证号中的出生日期 \(birthDate) 晚于评估日期 \(date)",
                     en: "the birth date in the ID number, \(birthDate), is after the assessment date \(date)")
            case .checkDigit(_, let got):
                // Not the expected one: a clerk told it would change the last character and keep the typo.
                Text(zh: "身份证号校验位不符，请逐位核对号码（常见原因是抄错一位或两位颠倒）",
                     en: "the check character \(got) does not fit the other 17 characters: one is mistyped, or two are swapped")
            }
        }

        public var description: String { message.description }
    }

    /// The number in `typed`, checked; the birth date must not be after `date` when one is given.
    public static func parse(_ typed: String, notAfter date: CivilDate? = nil) -> Result<ChineseIDNumber, Problem> {
        let characters = Array(normalised(typed))
        guard characters.count == 18 else { return .failure(.length(characters.count)) }
        var digits: [Int] = []
        for (position, character) in characters.prefix(17).enumerated() {
            guard let digit = character.wholeNumberValue, character.isASCII else {
                return .failure(.notADigit(position: position + 1, character: character))
            }
            digits.append(digit)
        }
        let last = characters[17]
        guard last == "X" || (last.isASCII && last.isWholeNumber) else { return .failure(.badCheckCharacter(last)) }
        let dateDigits = String(characters[6..<14])
        guard let birthDate = CivilDate(typed: dateDigits) else { return .failure(.impossibleBirthDate(dateDigits)) }
        if let date, birthDate > date { return .failure(.bornAfter(birthDate: birthDate, date: date)) }
        let expected = checkCharacter(digits)
        guard expected == last else { return .failure(.checkDigit(expected: expected, got: last)) }
        return .success(ChineseIDNumber(text: String(characters), birthDate: birthDate, sex: digits[16] % 2 == 1 ? .male : .female))
    }

    /// The number in `typed`, or nil when it is not one.
    public init?(_ typed: String, notAfter date: CivilDate? = nil) {
        guard case .success(let number) = Self.parse(typed, notAfter: date) else { return nil }
        self = number
    }

    private init(text: String, birthDate: CivilDate, sex: Sex) {
        self.text = text
        self.birthDate = birthDate
        self.sex = sex
    }

    /// `typed` as the register compares ID numbers: spaces (ASCII, tabs, ideographic) dropped,
    /// full-width digits and letters made ASCII, x made X. Anything else stays, so a text that is not an
    /// ID number stays recognisably itself.
    public static func normalised(_ typed: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in typed.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x3000: continue
            case 0xFF10...0xFF19: scalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)  // ０-９
            case 0xFF38, 0xFF58, 0x78: scalars.append("X")  // Ｘ ｘ x
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The check character (ISO 7064 MOD 11-2) of the first 17 digits.
    public static func checkCharacter(_ digits: [Int]) -> Character {
        precondition(digits.count == 17, "the check character is computed over 17 digits")
        // Weight of position i (from 0) is 2^(17 - i) mod 11.
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }
}
