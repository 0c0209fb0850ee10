import Eligibility

/// The value grammars every reader shares: amounts of yuan and dates.
enum ValueChecks {
    /// An amount of yuan: what is read writes back, plain and grouped, as the same amount; blanks
    /// around it and full-width digits and punctuation change nothing; 13 digits at most.
    static func money(_ bytes: [UInt8]) throws(FuzzFinding) {
        let text = String(decoding: bytes, as: UTF8.self)
        let read = Money.parse(yuan: text)
        try FuzzFinding.expect(Money(yuan: text) == (try? read.get()), "Money(yuan:) and Money.parse(yuan:) differ on \"\(text)\"")
        try FuzzFinding.expect(Money.parse(yuan: "\t \(text) ") == read, "blanks around \"\(text)\" change how it reads")
        let fullWidth = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "0"..."9": Unicode.Scalar(scalar.value - 0x30 + 0xFF10)!
            case ",": "，"
            case ".": "．"
            default: scalar
            }
        }))
        try FuzzFinding.expect(Money.parse(yuan: fullWidth) == read, "\"\(fullWidth)\" reads differently from \"\(text)\"")
        guard case .success(let amount) = read else { return }
        try FuzzFinding.expect(amount.fen.magnitude < 1_000_000_000_000_000, "\"\(text)\" read as \(amount.fen) fen, beyond 13 digits of yuan")
        for written in [amount.plain, amount.grouped] {
            try FuzzFinding.expect(Money.parse(yuan: written) == .success(amount), "\"\(text)\" read as \(amount.fen) fen, written \"\(written)\", which reads back as \(Money.parse(yuan: written))")
        }
    }

    /// A date: only `YYYY-MM-DD` reads, and writes back as the same text; its day number leads back
    /// to it, and the next day is later. The first bytes also give a year, month and day as numbers.
    static func date(_ bytes: [UInt8]) throws(FuzzFinding) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let date = CivilDate(text) {
            try FuzzFinding.expect(date.description == text, "\"\(text)\" read as a date written \"\(date)\"")
            try expectConsistent(date)
        }
        guard bytes.count >= 4 else { return }
        let year = Int(Int16(bitPattern: UInt16(bytes[0]) << 8 | UInt16(bytes[1])))
        if let date = CivilDate(year: year, month: Int(Int8(bitPattern: bytes[2])), day: Int(Int8(bitPattern: bytes[3]))) {
            try FuzzFinding.expect(CivilDate(date.description) == date, "\(date) does not read back from its own text")
            try expectConsistent(date)
        }
    }

    static func expectConsistent(_ date: CivilDate) throws(FuzzFinding) {
        try FuzzFinding.expect(CivilDate(dayNumber: date.dayNumber) == date, "\(date) is day \(date.dayNumber), which is \(CivilDate(dayNumber: date.dayNumber))")
        let next = CivilDate(dayNumber: date.dayNumber + 1)
        try FuzzFinding.expect(next > date && next.dayNumber == date.dayNumber + 1, "the day after \(date) is \(next)")
    }
}
