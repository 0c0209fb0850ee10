import Testing
@testable import Eligibility

@Suite("Citizen ID numbers (GB 11643-1999) are checked and written in their standard form")
struct IDNumberTests {
    /// The standard's own example, a woman born 1949-12-31 whose check character is X.
    static let example = "11010519491231002X"

    @Test func aValidNumberGivesItsBirthDateAndSex() throws {
        let woman = try #require(ChineseIDNumber(Self.example))
        #expect(woman.birthDate == CivilDate("1949-12-31"))
        #expect(woman.sex == .female)
        #expect(woman.regionCode == "110105")
        let man = try #require(ChineseIDNumber("34010419780512001X"))
        #expect(man.sex == .male && man.birthDate == CivilDate("1978-05-12"))
    }

    @Test func theCheckCharacterIsISO7064Mod11_2() {
        #expect(ChineseIDNumber.checkCharacter(Array("11010519491231002").compactMap(\.wholeNumberValue)) == "X")
        #expect(ChineseIDNumber.checkCharacter(Array("11010119700501123").compactMap(\.wholeNumberValue)) == "5")
    }

    @Test func whatADeskTypesIsNormalised() {
        for typed in ["11010519491231002x", "110105 19491231 002X", "１１０１０５１９４９１２３１００２ｘ", " 110105\u{3000}19491231002X "] {
            #expect(ChineseIDNumber(typed)?.text == Self.example, "\(typed)")
        }
        #expect(ChineseIDNumber.normalised("0015 x") == "0015X")
    }

    @Test func eachProblemIsNamed() {
        func problem(_ text: String, on date: String? = nil) -> ChineseIDNumber.Problem? {
            if case .failure(let problem) = ChineseIDNumber.parse(text, notAfter: date.flatMap(CivilDate.init(_:))) { return problem }
            return nil
        }
        #expect(problem("11010519491231002") == .length(17))
        #expect(problem("11010519491231002X1") == .length(19))
        #expect(problem("1101051949123100AX") == .notADigit(position: 17, character: "A"))
        #expect(problem("11010519491231002Y") == .badCheckCharacter("Y"))
        #expect(problem("110105194902300021") == .impossibleBirthDate("19490230"))
        #expect(problem("110105194912310021") == .checkDigit(expected: "X", got: "1"))
        #expect(problem("110105202701010016", on: "2026-09-01") == .bornAfter(birthDate: CivilDate("2027-01-01")!, date: CivilDate("2026-09-01")!))
        #expect(problem(Self.example, on: "1949-12-31") == nil) // born on the day itself
        // The Chinese for the desk says what to check, never the check character that would fit.
        #expect(ChineseIDNumber.Problem.checkDigit(expected: "X", got: "1").message.zh.contains("校验位"))
        #expect(!ChineseIDNumber.Problem.checkDigit(expected: "7", got: "1").message.zh.contains("7"))
        #expect(ChineseIDNumber.Problem.length(17).message.zh == "身份证号应为 18 位，现为 17 位")
    }

    // MARK: The schema's `format: id_number`

    static let schemaText = """
        fields:
          applicant:
            type: object
            label: 申请人
            fields:
              id_number: {type: string, label: 公民身份号码, required: true, format: id_number}
              birth_date: {type: date, label: 出生日期}
              sex: {type: enum, label: 性别, values: {male: 男, female: 女}}
        """

    static func validate(_ id: String, on date: String? = "2026-09-01") throws(DiagnosticList) -> Profile {
        let schema = try SchemaLoader.load(try! DocumentNode.parse(schemaText, displayName: "schema.yaml"), file: "schema.yaml")
        let profile = try! DocumentNode.parse("applicant: {id_number: \"\(id)\"}", displayName: "p.yaml")
        return try ProfileValidator(schema: schema, on: date.flatMap(CivilDate.init(_:))).validate(profile, source: "p.yaml")
    }

    static func problems(_ id: String, on date: String? = "2026-09-01") -> [String] {
        do {
            _ = try validate(id, on: date)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func theValidatorAcceptsAValidNumberInItsStandardForm() throws {
        #expect(try Self.validate("11010519491231002x")["applicant"]?["id_number"] == .string(Self.example))
        #expect(try Self.validate("110105 1949 1231 002X")["applicant"]?["id_number"] == .string(Self.example))
    }

    @Test func theValidatorSaysWhatIsWrong() {
        #expect(Self.problems("1101051949123100") == ["p.yaml:1: applicant.id_number: 身份证号应为 18 位，现为 16 位"])
        #expect(Self.problems("110105194912310021")
                == ["p.yaml:1: applicant.id_number: 身份证号校验位不符，请逐位核对号码（常见原因是抄错一位或两位颠倒）"])
        #expect(Self.problems("110105194913310029")
                == ["p.yaml:1: applicant.id_number: 身份证号第 7 至 14 位是出生日期，19491331 不是有效日期"])
        #expect(Self.problems("110105202701010016")
                == ["p.yaml:1: applicant.id_number: 身份证号中的出生日期 2027-01-01 晚于评估日期 2026-09-01"])
        #expect(Self.problems("110105202701010016", on: nil).isEmpty) // no assessment date to compare with
    }

    @Test func aFormatIsForTextAndOneTheSchemaKnows() {
        func problems(_ field: String) -> [String] {
            do {
                _ = try SchemaLoader.load(try! DocumentNode.parse("fields:\n  x: \(field)\n", displayName: "schema.yaml"), file: "schema.yaml")
                return []
            } catch {
                return error.diagnostics.map(\.description)
            }
        }
        #expect(problems("{type: integer, label: 号, format: id_number}") == ["schema.yaml:2: x: 'format' 只用于文本字段（type: string）"])
        #expect(problems("{type: string, label: 号, format: id_nmber}").first?.contains("未知的格式 \"id_nmber\"（是否要写 'id_number'？）") == true)
    }

    @Test func anIDNumberAnswersTheBirthDateAndSexBesideIt() throws {
        let schema = try SchemaLoader.load(try DocumentNode.parse(Self.schemaText, displayName: "schema.yaml"), file: "schema.yaml")
        let number = try #require(ChineseIDNumber(Self.example))
        let answers = schema.answers(impliedBy: number, at: "applicant.id_number")
        #expect(answers.map(\.path) == ["applicant.birth_date", "applicant.sex"])
        #expect(answers.map(\.value) == ["1949-12-31", "female"])
        #expect(schema.answers(impliedBy: number, at: "id_number").isEmpty) // nothing beside it at the top
    }
}
