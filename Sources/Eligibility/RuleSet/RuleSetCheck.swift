/// `bangfu check`: what can be found wrong in a rule set without an applicant. Loading and compiling
/// (done by `RuleSet.load` and `Assessor`) finds syntax and contract errors; this adds what the rules'
/// text shows: names that do not exist (`profile.x`, `facts.x`, `params.x.y`, found even on a line no
/// sample case reaches), parameters and profile fields no rule names, parameters with no value or an old
/// one on the date of interest, and programmes no case exercises.
public struct RuleSetCheck {
    public struct Options: Sendable {
        /// The date parameters must have a value on.
        public var date: CivilDate
        /// An amount in force that took effect more than this many years before `date` is called stale.
        public var maximumAgeInYears: Int
        /// Programme ids named by the sample cases; nil when no cases were given.
        public var programmesWithCases: Set<String>?

        public init(date: CivilDate, maximumAgeInYears: Int = 4, programmesWithCases: Set<String>? = nil) {
            self.date = date
            self.maximumAgeInYears = maximumAgeInYears
            self.programmesWithCases = programmesWithCases
        }
    }

    public let ruleSet: RuleSet
    public let assessor: Assessor
    public let options: Options

    public init(ruleSet: RuleSet, assessor: Assessor, options: Options) {
        self.ruleSet = ruleSet
        self.assessor = assessor
        self.options = options
    }

    /// Every finding, errors and warnings, in file order within each kind of check.
    public func run() -> [Diagnostic] {
        assessor.loadProblems + unknownNames() + enumCodes() + bareAmounts() + plainNumbersAsMoney() + exampleTexts() + parameterFindings() + unusedFields() + interviewFindings() + programmeFunds()
            + programmesWithoutCases()
    }

    // MARK: The funds programmes name

    /// A programme's `fund` must be a code of `funds:` (its grants would be paid from nowhere); a rule
    /// set without `funds:` takes any code, as history items do.
    func programmeFunds() -> [Diagnostic] {
        let codes = ruleSet.funds.map(\.code)
        guard !codes.isEmpty else { return [] }
        return assessor.programmes.compactMap { programme in
            guard let fund = programme.fund, !codes.contains(fund) else { return nil }
            return Diagnostic(file: programme.location?.file, line: programme.location?.line,
                              message: Text(zh: "项目 '\(programme.id)'：资金 '\(fund)' 不是规则集的资金（" + codes.joined(separator: "、") + "）",
                                            en: "programme '\(programme.id)': fund '\(fund)' is not one of the rule set's funds ("
                                                + codes.joined(separator: ", ") + ")") + Suggestion.hint(for: fund, among: codes),
                              hint: Text(zh: "资金写在 \(RuleSet.manifestFile) 的 funds: 下", en: "funds are named under funds: in \(RuleSet.manifestFile)"))
        }
    }

    // MARK: Names that do not exist

    func unknownNames() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // The facts of a file that did not load are not unknown: its one error is reported already.
        let factIDs = Set(assessor.facts.map(\.id)).union(assessor.unloadedFactIDs())
        let parameterPaths = ruleSet.parameters.parameters.map(\.path)
        let factsPlace = ruleSet.place(RuleSet.factsFile, RuleSet.factsFolder)
        let parametersPlace = ruleSet.place(RuleSet.parametersFile, RuleSet.parametersFolder)
        let factsDeclared = Text(zh: "事实用 fact { id = … } 在 \(factsPlace.zh) 中声明", en: "facts are declared with fact { id = … } in \(factsPlace.en)")
        for file in ruleSet.files {
            for (offset, line) in Self.codeLines(file) {
                func report(_ message: Text, hint: Text) {
                    findings.append(Diagnostic(file: file.path, line: offset + 1, message: message, hint: hint))
                }
                for match in line.matches(of: /\bfacts\.([A-Za-z_][A-Za-z0-9_]*)/) where !factIDs.contains(String(match.1)) {
                    report(Text(zh: "未知的事实 '\(match.1)'", en: "unknown fact '\(match.1)'") + Suggestion.hint(for: String(match.1), among: factIDs),
                           hint: factsDeclared)
                }
                for match in Self.readingParamsOn(String(line)).matches(of: /\bparams((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/) {
                    let path = String(match.1.dropFirst())
                    let known = parameterPaths.contains { $0 == path || $0.hasPrefix(path + ".") || path.hasPrefix($0 + ".") }
                    if !known {
                        report(Text(zh: "未知的参数 '\(path)'", en: "unknown parameter '\(path)'") + Suggestion.hint(for: path, among: parameterPaths),
                               hint: Text(zh: "参数在 \(parametersPlace.zh) 中声明", en: "parameters are declared in \(parametersPlace.en)"))
                    }
                }
                for match in line.matches(of: /\bhistory\.([A-Za-z_][A-Za-z0-9_]*)/) where !Self.historyHelpers.contains(String(match.1)) {
                    report(Text(zh: "没有 'history.\(match.1)' 这个帮扶记录函数", en: "unknown history helper 'history.\(match.1)'")
                               + Suggestion.hint(for: String(match.1), among: Self.historyHelpers),
                           hint: Text(zh: "可用的有 " + Self.historyHelpers.joined(separator: "、") + "（见 Rules/README.md）",
                                      en: "the helpers are " + Self.historyHelpers.joined(separator: ", ") + " (Rules/README.md)"))
                }
                for match in line.matches(of: /\bhistory\.granted_this_year\s*\(\s*"([^"]*)"/)
                where !ruleSet.programmeIDs.contains(String(match.1)) {
                    report(Text(zh: "'\(match.1)' 不是实施中的项目", en: "'\(match.1)' is not a programme in force")
                               + Suggestion.hint(for: String(match.1), among: ruleSet.programmeIDs),
                           hint: Text(zh: "实施中的项目列在 \(RuleSet.manifestFile) 中", en: "programmes in force are listed in \(RuleSet.manifestFile)"))
                }
                for match in line.matches(of: /\bprofile((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/) {
                    if let problem = Self.profileProblem(match.1.split(separator: ".").map(String.init), ruleSet.schema.root) {
                        report(problem, hint: Text(zh: "档案字段在 schema.yaml 中声明", en: "profile fields are declared in schema.yaml"))
                    }
                }
            }
        }
        for fact in ruleSet.interviewFacts where !factIDs.contains(fact.id) {
            findings.append(Diagnostic(file: RuleSet.manifestFile, line: fact.line, path: "interview.show_facts",
                                       message: Text(zh: "未知的事实 '\(fact.id)'", en: "unknown fact '\(fact.id)'")
                                           + Suggestion.hint(for: fact.id, among: factIDs),
                                       hint: factsDeclared))
        }
        return findings
    }

    /// What rules can call on `history` (RuleLibrary/history.lua).
    static let historyHelpers = ["granted_this_year", "grants_this_year", "cash_this_year", "income_last_12_months"]

    // MARK: Parameters

    func parameterFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let code = Self.readingParamsOn(ruleSet.files.map { Self.codeLines($0).map(\.1).joined(separator: "\n") }.joined(separator: "\n"))
        for parameter in ruleSet.parameters.parameters {
            func warn(_ message: Text, hint: Text) {
                findings.append(Diagnostic(.warning, file: parameter.file, line: parameter.line, path: parameter.path,
                                           message: message, hint: hint))
            }
            if !Self.names(parameter: parameter.path, in: code) {
                warn(Text(zh: "没有规则用到这个参数", en: "no rule uses this parameter"),
                     hint: Text(zh: "删除它，或在规则中用 params.\(parameter.path) 读取", en: "remove it, or read it as params.\(parameter.path)"))
            }
            if parameter.hasEnded(on: options.date) { continue }
            guard let inForce = parameter.value(on: options.date) else {
                let absence = parameter.absence(on: options.date)
                warn(Text(zh: "\(options.date) 没有适用的值（\(absence.zh)）", en: "has no value on \(options.date) (\(absence.en))"),
                     hint: Text(zh: "加一个从 \(options.date) 或更早起适用的值", en: "add a value that applies from \(options.date) or earlier"))
                continue
            }
            // Amounts drift with prices and wages and are reviewed; ratios and counts are policy constants.
            var limit = options.date
            limit.year -= options.maximumAgeInYears
            if parameter.kind == .money && inForce.from < limit {
                warn(Text(zh: "可能已过时：\(options.date) 适用的值自 \(inForce.from) 起执行，已超过 \(options.maximumAgeInYears) 年",
                          en: "stale: the value in force on \(options.date) applies from \(inForce.from), more than \(options.maximumAgeInYears) years before"),
                     hint: Text(zh: "查一下依据文件有没有新的标准，有就在新的日期下加上", en: "check the source for a newer value, then add it under a newer date"))
            }
        }
        return findings
    }

    /// A parameter counts as used when a rule names its path, or names a group of it and, somewhere, its
    /// last part (`local h = params.hardship` … `h.deep_ratio`).
    /// Code with each `params_on(day)` read as `params`, so a parameter read at another date is named
    /// (and checked) as one read on the assessment date is.
    static func readingParamsOn(_ code: String) -> String {
        code.replacing(/\bparams_on\s*\([^()]*\)/, with: "params")
    }

    static func names(parameter path: String, in code: String) -> Bool {
        if code.contains("params.\(path)") { return true }
        let parts = path.split(separator: ".")
        guard parts.count > 1, let last = parts.last else { return false }
        let groups = (1..<parts.count).map { parts.prefix($0).joined(separator: ".") }
        return groups.contains { code.contains("params.\($0)") } && mentions(String(last), in: code)
    }

    // MARK: Profile fields

    func unusedFields() -> [Diagnostic] {
        let code = ruleSet.files.map { Self.codeLines($0).map(\.1).joined(separator: "\n") }.joined(separator: "\n")
        let identity = [ruleSet.applicantNameField, ruleSet.applicantIDField].compactMap { $0 }
        var findings: [Diagnostic] = []
        func visit(_ shape: ObjectShape, path: String) {
            for field in shape.fields {
                let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
                switch field.type {
                case .object(let inner): visit(inner, path: fieldPath)
                case .list(let inner, _): visit(inner, path: fieldPath + "[]")
                default:
                    if !field.isDisplayOnly && !Self.mentions(field.name, in: code) && !identity.contains(fieldPath) {
                        findings.append(Diagnostic(.warning, file: RuleSet.schemaFile, line: field.line, path: fieldPath,
                                                   message: Text(zh: "没有规则读取这个字段", en: "no rule reads this field"),
                                                   hint: Text(zh: "在规则中用它、删除它，或标上 display_only: true",
                                                              en: "use it in a rule, remove it, or mark it display_only: true")))
                    }
                }
            }
        }
        visit(ruleSet.schema.root, path: "")
        return findings
    }

    // MARK: The interview

    /// What the interview cannot ask or should not assume: a field rules read that is never shown
    /// (`display_only`) stays unknown for good; a default says a blank means a value, and the officer
    /// reading the schema needs to know why (`default_reason`); with no `screening:` an interview starts
    /// with nothing to ask.
    func interviewFindings() -> [Diagnostic] {
        let code = ruleSet.files.map { Self.codeLines($0).map(\.1).joined(separator: "\n") }.joined(separator: "\n")
        var findings: [Diagnostic] = []
        func warn(_ field: Field, _ path: String, _ message: Text, hint: Text) {
            findings.append(Diagnostic(.warning, file: RuleSet.schemaFile, line: field.line, path: path, message: message, hint: hint))
        }
        func visit(_ shape: ObjectShape, path: String) {
            for field in shape.fields {
                let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
                if case .object(let inner) = field.type { visit(inner, path: fieldPath); continue }
                if case .list(let inner, _) = field.type { visit(inner, path: fieldPath + "[]") }
                guard Self.mentions(field.name, in: code) else { continue }
                if field.isDisplayOnly && field.defaultValue == nil {
                    warn(field, fieldPath, Text(zh: "有规则读取这个字段，但它是 display_only，面谈从不询问，所以一直是未知",
                                                en: "a rule reads this field, but as display_only it is never asked: it stays unknown"),
                         hint: Text(zh: "去掉 display_only: true，或给它 default 并写明 default_reason",
                                    en: "remove display_only: true, or give it a default with its default_reason"))
                }
                if field.defaultValue != nil && field.defaultReason == nil {
                    warn(field, fieldPath, Text(zh: "这里不填就按默认值算，但没有写明理由",
                                                en: "a blank counts as its default here, and nothing says why"),
                         hint: Text(zh: "在 default_reason: … 中写明理由，或去掉 default，让面谈询问它",
                                    en: "say why in default_reason: …, or remove the default so the interview asks it"))
                }
            }
        }
        visit(ruleSet.schema.root, path: "")
        if ruleSet.schema.screening.isEmpty {
            findings.append(Diagnostic(.warning, file: RuleSet.schemaFile, line: 1,
                                       message: Text(zh: "没有初筛问题（screening:）：面谈一开始无从问起",
                                                     en: "no screening questions: an interview starts with nothing to ask"),
                                       hint: Text(zh: "列出申请人是谁、因何求助：screening: [applicant.name, …]",
                                                  en: "list who the applicant is and what brought them: screening: [applicant.name, …]")))
        }
        return findings
    }

    /// `.name` or `["name"]` somewhere in the rules' code.
    static func mentions(_ name: String, in code: String) -> Bool {
        var searchFrom = code.startIndex
        while let range = code.range(of: name, range: searchFrom..<code.endIndex) {
            let before = range.lowerBound > code.startIndex ? code[code.index(before: range.lowerBound)] : " "
            let after = range.upperBound < code.endIndex ? code[range.upperBound] : " "
            let boundedAfter = !(after.isLetter || after.isNumber || after == "_")
            if boundedAfter && (before == "." || (before == "\"" && code[..<range.lowerBound].hasSuffix("[\""))) { return true }
            searchFrom = range.upperBound
        }
        return false
    }

    // MARK: Cases

    func programmesWithoutCases() -> [Diagnostic] {
        guard let covered = options.programmesWithCases else { return [] }
        return ruleSet.programmeIDs.filter { !covered.contains($0) }.map { id in
            Diagnostic(.warning, file: "\(RuleSet.programmesFolder)/\(id).lua", line: 1,
                       message: Text(zh: "没有案例检验项目 '\(id)'", en: "no sample case checks programme '\(id)'"),
                       hint: Text(zh: "在 expect.programmes.\(id) 下加案例，符合的和不符合的各一个",
                                  en: "add a case under expect.programmes.\(id), one eligible and one not"))
        }
    }

    // MARK: Reading the rules' text

    /// The lines of a rule file without `--` comments (a `--` inside a string only widens what is checked).
    static func codeLines(_ file: RuleFile) -> [(Int, Substring)] {
        file.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, line in
            (offset, line.range(of: "--").map { line[..<$0.lowerBound] } ?? line)
        }
    }

    static func profileProblem(_ segments: [String], _ root: ObjectShape) -> Text? {
        var shape = root
        var path = ""
        for (position, name) in segments.enumerated() {
            guard let field = shape.field(named: name) else {
                let missing = path.isEmpty ? name : path + "." + name
                return Text(zh: "档案中没有字段 '\(missing)'", en: "the profile has no field '\(missing)'")
                    + Suggestion.hint(for: name, among: shape.fields.map(\.name))
            }
            path = path.isEmpty ? name : "\(path).\(name)"
            switch field.type {
            case .object(let inner): shape = inner
            case .list: return nil  // what follows is an index or a method on the list
            default:
                return position == segments.count - 1 ? nil
                    : Text(zh: "'\(path)' 是 \(field.type.name)，下面没有字段", en: "'\(path)' is a \(field.type.name), it has no fields")
            }
        }
        return nil
    }
}
