import LuaSandbox

/// What a programme file declared.
public struct ProgrammeInfo: Sendable {
    public var id: String
    public var title: String
    public var basis: String
    public var summary: String?
    /// The fund that pays its grants (`fund = "centre"`), when the declaration names one; see `paidFrom`.
    public var fund: String?
    /// Whether its grants count as household income at later checks (`counts_as_income = false` for
    /// small festival gifts); the desk records it on each grant it confirms.
    public var countsAsIncome: Bool
    /// The outcomes it never reaches by design (`never = { "refer" }`): coverage asks no case for them.
    public var never: [Outcome]
    public var location: SourceLocation?

    public init(id: String, title: String, basis: String, summary: String? = nil, fund: String? = nil, countsAsIncome: Bool = true,
                never: [Outcome] = [], location: SourceLocation?) {
        self.id = id
        self.title = title
        self.basis = basis
        self.summary = summary
        self.fund = fund
        self.countsAsIncome = countsAsIncome
        self.never = never
        self.location = location
    }

    /// The fund code its grants are paid from: the one it names, else the rule set's first fund (nil
    /// when the rule set names none).
    public func paidFrom(in ruleSet: RuleSet) -> String? {
        fund ?? ruleSet.funds.first?.code
    }
}

/// What a facts file declared.
public struct FactInfo: Sendable {
    public var id: String
    public var title: String
    public var type: String
    /// Code → label, for enum facts.
    public var values: [String: String]
    public var location: SourceLocation?
}

public struct PolicyInfo: Sendable {
    public var id: String
    public var title: String
    public var cite: String
    public var location: SourceLocation?
}

/// Runs a rule set: compiles its Lua files once into a sandbox, then assesses profiles one at a time.
/// One assessor per thread (it owns a Lua state); create several for parallel work.
public final class Assessor {
    public let ruleSet: RuleSet
    public private(set) var programmes: [ProgrammeInfo] = []
    public private(set) var facts: [FactInfo] = [] {
        didSet { factsByID = Dictionary(facts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
    }
    private var factsByID: [String: FactInfo] = [:]
    public private(set) var policies: [PolicyInfo] = []
    /// Rule files that failed to load; their programmes give an error decision on every assessment.
    public private(set) var loadProblems: [Diagnostic] = []

    let sandbox: LuaSandbox
    let entry: EntryPoints
    private var loadFailures: [String: RuleFailure] = [:]
    /// Parameter sets (a date, with any overrides) the Lua state already holds.
    private var parameterSetsSent: Set<String> = []

    struct EntryPoints {
        var setup, load, begin, decide, usage, policy, fact, facts, trackFields, fieldsRead: LuaFunction
    }

    /// Fails only if the engine itself cannot start; problems in rule files are kept in `loadProblems`.
    /// With `measuringCoverage`, the lines rules run and the profile fields they read are recorded from
    /// the start (`coverage()`); it costs time, so only `bangfu test --coverage` asks for it.
    public convenience init(ruleSet: RuleSet, limits: RuleLimits = .default, measuringCoverage: Bool = false) throws(RuleEngineError) {
        do {
            try self.init(ruleSet, limits.sandboxLimits, measuringCoverage: measuringCoverage)
        } catch {
            throw RuleEngineError(description: error.description)
        }
    }

    private init(_ ruleSet: RuleSet, _ limits: LuaLimits, measuringCoverage: Bool) throws(LuaError) {
        self.ruleSet = ruleSet
        let sandbox = try LuaSandbox(limits: limits)
        // The library is ours and small; it runs under a generous budget so a tight limit for rules
        // never stops the engine from starting.
        sandbox.limits.instructionBudget = max(limits.instructionBudget, 10_000_000)
        try RuleLibrary.load(into: sandbox)
        func entryPoint(_ name: String) throws(LuaError) -> LuaFunction {
            guard let function = sandbox.function(named: name) else {
                throw LuaError(kind: .runtime, message: "the rule library lacks \(name)")
            }
            return function
        }
        entry = EntryPoints(setup: try entryPoint("bangfu_setup"), load: try entryPoint("bangfu_load"),
                            begin: try entryPoint("bangfu_begin"), decide: try entryPoint("bangfu_decide"),
                            usage: try entryPoint("bangfu_usage"), policy: try entryPoint("bangfu_policy"),
                            fact: try entryPoint("bangfu_fact"), facts: try entryPoint("bangfu_facts"),
                            trackFields: try entryPoint("bangfu_track_fields"), fieldsRead: try entryPoint("bangfu_fields_read"))
        self.sandbox = sandbox
        if measuringCoverage {
            sandbox.recordsLineCoverage = true
            _ = try sandbox.call(entry.trackFields)
        }
        _ = try sandbox.call(entry.setup, [Self.setup(ruleSet)])
        for (position, file) in ruleSet.files.enumerated() { load(file, number: position + 1) }
        // What each rule file keeps between assessments becomes read-only, its own locals are put back
        // before each one: no assessment can see another.
        let seal = try entryPoint("bangfu_seal")
        for file in ruleSet.files { self.seal(file, with: seal) }
        sandbox.limits = limits
    }

    public var limits: RuleLimits { RuleLimits(sandbox.limits) }

    private func load(_ file: RuleFile, number: Int) {
        let kind: String
        var id: LuaValue = .nil
        switch file.kind {
        case .facts: kind = "facts"
        case .policy: kind = "policy"
        case .programme(let programmeID): kind = "programme"; id = .string(programmeID)
        }
        let declared: [LuaValue]
        do {
            declared = try sandbox.call(entry.load, [.string(kind), .string(file.path), .string(file.source), id,
                                                     .integer(Int64(number))]).first?.listValue ?? []
        } catch {
            let failure = failure(from: error, fallbackFile: file.path)
            // Lua's parser names only the token it stopped at ("unexpected symbol near ','").
            let syntax = failure.message.contains(/near (?:'.*'|<eof>)$/)
            loadProblems.append(Diagnostic(file: failure.location?.file ?? file.path, line: failure.location?.line,
                                           message: Text(verbatim: failure.message),
                                           hint: syntax ? Text(zh: "看这一行和上一行的逗号、括号、引号是否多了或少了，function、if、for 是否都有对应的 end",
                                                               en: "look for a comma, bracket or quote too many or too few on this line and the one before, and an end for each function, if and for") : nil))
            if case .programme(let programmeID) = file.kind {
                loadFailures[programmeID] = RuleFailure(kind: .notLoaded, message: failure.message, location: failure.location)
            }
            return
        }
        for item in declared {
            let location = item["source"].stringValue.map { SourceLocation(file: $0, line: Int(item["line"].integerValue ?? 0)) }
            switch file.kind {
            case .programme:
                programmes.append(ProgrammeInfo(id: item["id"].stringValue ?? "", title: item["title"].stringValue ?? "",
                                                basis: item["basis"].stringValue ?? "", summary: item["summary"].stringValue,
                                                fund: item["fund"].stringValue, countsAsIncome: item["counts_as_income"].boolValue ?? true,
                                                never: (item["never"].listValue ?? []).compactMap { $0.stringValue.flatMap(Outcome.init(rawValue:)) },
                                                location: location))
            case .facts:
                // The library lists every fact declared so far, those of earlier facts files too.
                guard factsByID[item["id"].stringValue ?? ""] == nil else { continue }
                var values: [String: String] = [:]
                if case .record(let pairs) = item["values"] {
                    for (code, label) in pairs { values[code] = label.stringValue ?? code }
                }
                facts.append(FactInfo(id: item["id"].stringValue ?? "", title: item["title"].stringValue ?? "",
                                      type: item["type"].stringValue ?? "", values: values, location: location))
            case .policy:
                policies.append(PolicyInfo(id: item["id"].stringValue ?? "", title: item["title"].stringValue ?? "",
                                           cite: item["cite"].stringValue ?? "", location: location))
            }
        }
    }

    /// Seals what `file` keeps after loading. A file whose tables cannot be sealed (too big for the
    /// budget or the memory) is a load problem like a file that cannot load: its programme gives an
    /// error decision, and the rule library runs none of its facts or policies.
    private func seal(_ file: RuleFile, with function: LuaFunction) {
        do {
            _ = try sandbox.call(function, [.string(file.path)])
        } catch {
            let problem = switch error.kind {
            case .instructionLimit: Text(zh: "太大，在指令预算（\(sandbox.limits.instructionBudget)）内无法设为只读",
                                         en: "too big to make read-only within the instruction budget (\(sandbox.limits.instructionBudget))")
            case .memoryLimit: Text(zh: "太大，在内存上限（--max-memory）内无法设为只读",
                                    en: "too big to make read-only within the memory limit (--max-memory)")
            default: Text(zh: "无法设为只读（\(error.message)）", en: "impossible to make read-only (\(error.message))")
            }
            let message = Text(zh: "这个文件加载后保留的表\(problem.zh)：请把大的表放到函数里面建立",
                               en: "the tables this file keeps after loading are \(problem.en); build large tables inside the functions instead")
            // The file's first declaration: its functions reach the tables.
            let location = (programmes.map(\.location) + facts.map(\.location) + policies.map(\.location))
                .compactMap { $0 }.first { $0.file == file.path } ?? SourceLocation(file: file.path, line: 1)
            loadProblems.append(Diagnostic(file: file.path, line: location.line, message: message))
            if case .programme(let programmeID) = file.kind, loadFailures[programmeID] == nil {
                loadFailures[programmeID] = RuleFailure(kind: .notLoaded, message: message.rendered(in: ruleSet.language), location: location)
            }
        }
    }

    // MARK: Assessing

    /// Decides every programme for `profile` on `date`, with the household's `history` (the grants on
    /// record; a register hands in what it stores). Facts are computed when a rule first reads them;
    /// `alsoComputing` names facts to compute even if no rule read them (for cases and traces).
    /// `overriding` replaces the value of parameters on that date (a case pinning a future value).
    public func assess(_ profile: Profile, on date: CivilDate, history: History = .empty,
                       overriding overrides: [String: ParameterValue] = [:],
                       alsoComputing extraFacts: [String] = []) -> Assessment {
        var assessment = Assessment(profileSource: profile.source,
                                    applicantName: ruleSet.applicantNameField.flatMap(profile.text(at:)),
                                    applicantID: ruleSet.applicantIDField.flatMap(profile.text(at:)),
                                    date: date, ruleSetTitle: ruleSet.title, ruleSetHash: ruleSet.contentHash,
                                    decisions: [], facts: [], policyFailures: [], history: history)
        let inForce = ParametersInForce(ruleSet.parameters, on: date, overriding: overrides)
        let parameters: LuaValue = parameterSetsSent.contains(inForce.key) ? .nil : inForce.luaValue
        do {
            _ = try sandbox.call(entry.begin, [Self.luaValue(.object(profile.fields)), .string(date.description),
                                               .string(inForce.key), parameters, luaValue(history, on: date)])
            parameterSetsSent.insert(inForce.key)
        } catch {
            // Only a broken engine gets here (the profile was validated); every programme reports it.
            let failure = failure(from: error, fallbackFile: RuleLibrary.entryPointsChunkName)
            assessment.decisions = ruleSet.programmeIDs.map { errorDecision($0, failure) }
            return assessment
        }
        assessment.decisions = ruleSet.programmeIDs.map { decide($0, inForce, profile) }
        for index in policies.indices { applyPolicy(index, to: &assessment, parameters: inForce, profile: profile) }
        for id in extraFacts {
            // A fact that fails here has already failed, or will fail, the programmes that read it.
            _ = try? sandbox.call(entry.fact, [.string(id)])
        }
        let (facts, inputs) = computedFacts()
        assessment.facts = facts
        var sources = FactSources(inputs: inputs, computed: facts, parameters: ruleSet.parameters, history: history)
        for position in assessment.decisions.indices {
            sources.complete(&assessment.decisions[position], parameters: inForce)
        }
        return assessment
    }

    private func decide(_ id: String, _ parameters: ParametersInForce, _ profile: Profile) -> ProgrammeDecision {
        if let failure = loadFailures[id] { return errorDecision(id, failure) }
        let failure: RuleFailure
        do throws(LuaError) {
            guard let result = try sandbox.call(entry.decide, [.string(id)]).first else {
                throw LuaError(kind: .malformedValue, message: Text(zh: "没有返回决定", en: "no decision returned").rendered(in: ruleSet.language))
            }
            if result["outcome"].stringValue == Outcome.needsInformation.rawValue {
                return needsInformation(id, result, parameters, profile)
            }
            do {
                return try decision(id, from: result, parameters)
            } catch {
                failure = RuleFailure(kind: .malformedResult, message: error.message.rendered(in: ruleSet.language), location: error.location)
            }
        } catch {
            failure = self.failure(from: error, fallbackFile: programmeFile(id))
        }
        guard let usage = try? sandbox.call(entry.usage).first else { return errorDecision(id, failure) }
        // An error after the rule used a value nobody gave is taken for a consequence of it.
        if !(usage["needs"].listValue ?? []).isEmpty { return needsInformation(id, usage, parameters, profile) }
        var decision = errorDecision(id, failure)
        decision.factsUsed = factIDs(usage["facts"])
        decision.parametersUsed = parameters.uses(parameterReads(usage["parameters"]))
        decision.historyUsed = historyNumbers(usage["history"])
        return decision
    }

    /// A programme whose rules used fields nobody gave: it decides nothing until they are known.
    private func needsInformation(_ id: String, _ run: LuaValue, _ parameters: ParametersInForce, _ profile: Profile) -> ProgrammeDecision {
        let info = programmeInfo(id)
        var decision = ProgrammeDecision(id: id, title: info.title, basis: info.basis, outcome: .needsInformation,
                                         reasons: [], benefits: [], decidedAt: nil, factsUsed: factIDs(run["facts"]),
                                         parametersUsed: parameters.uses(parameterReads(run["parameters"])),
                                         historyUsed: historyNumbers(run["history"]), failure: nil)
        decision.missing = missing(run["needs"], in: profile)
        return decision
    }

    /// The fields named by a run's `needs`, in schema order.
    private func missing(_ needs: LuaValue, in profile: Profile) -> [MissingInformation] {
        (needs.listValue ?? []).compactMap(\.stringValue).map { path in
            ruleSet.schema.missingInformation(at: path, in: profile)
                ?? MissingInformation(path: path, label: path, section: "", evidence: nil, order: [Int.max])
        }.sorted { $0.order.lexicographicallyPrecedes($1.order) }
    }

    private func decision(_ id: String, from result: LuaValue, _ parameters: ParametersInForce) throws(MalformedResult) -> ProgrammeDecision {
        let info = programmeInfo(id)
        let parts = try results.decision(result, fallback: info.location)
        return ProgrammeDecision(
            id: id, title: info.title, basis: info.basis, outcome: parts.outcome,
            reasons: parts.reasons, benefits: parts.benefits, decidedAt: parts.decidedAt,
            factsUsed: factIDs(result["facts"]),
            parametersUsed: parameters.uses(parameterReads(result["parameters"])),
            historyUsed: historyNumbers(result["history"]),
            failure: nil)
    }

    private func errorDecision(_ id: String, _ failure: RuleFailure) -> ProgrammeDecision {
        let info = programmeInfo(id)
        return ProgrammeDecision(id: id, title: info.title, basis: info.basis, outcome: .error, reasons: [], benefits: [],
                                 decidedAt: failure.location, factsUsed: [], parametersUsed: [], historyUsed: [],
                                 failure: failure)
    }

    private func programmeInfo(_ id: String) -> ProgrammeInfo {
        programmes.first { $0.id == id } ?? ProgrammeInfo(id: id, title: id, basis: "", location: nil)
    }

    private func programmeFile(_ id: String) -> String { "\(RuleSet.programmesFolder)/\(id).lua" }

    // MARK: Policy

    private func applyPolicy(_ index: Int, to assessment: inout Assessment, parameters inForce: ParametersInForce, profile: Profile) {
        let policy = policies[index]
        let summaries: [LuaValue] = assessment.decisions.map { decision in
            let programme = programmeInfo(decision.id)
            var fields: [String: LuaValue] = [
                "id": .string(decision.id),
                "title": .string(decision.title),
                "outcome": .string(decision.outcome.rawValue),
                "cash_per_year": .integer(decision.cashPerYear.fen),
                "reasons": .list(decision.reasons.map { .string($0.code) }),
                "counts_as_income": .boolean(programme.countsAsIncome),
            ]
            fields["fund"] = programme.paidFrom(in: ruleSet).map(LuaValue.string)
            return .record(fields)
        }
        let actions: [LuaValue], needs: LuaValue
        do {
            let run = try sandbox.call(entry.policy, [.integer(Int64(index + 1)), .list(summaries)]).first ?? .nil
            (actions, needs) = (run["actions"].listValue ?? [], run["needs"])
        } catch {
            var failure = failure(from: error, fallbackFile: RuleSet.policyFile)
            failure.policy = policy.id
            assessment.policyFailures.append(failure)
            return
        }
        if let usage = try? sandbox.call(entry.usage).first {
            let known = Set(assessment.policyParametersUsed.map(\.read))
            let read = parameterReads(usage["parameters"]).filter { !known.contains($0) }
            assessment.policyParametersUsed += inForce.uses(read)
            let seen = Set(assessment.policyHistoryUsed)
            assessment.policyHistoryUsed += historyNumbers(usage["history"]).filter { !seen.contains($0) }
        }
        let missing = missing(needs, in: profile)
        if !missing.isEmpty {
            // The policy could not tell what it would do to any decision that pays: those wait with it.
            let reason = Reason(code: "policy_needs_information",
                                text: "跨项目政策“\(policy.title)”需要先了解：\(missing.map(\.label).joined(separator: "、"))。",
                                citation: policy.cite, location: policy.location, policy: policy.id)
            for position in assessment.decisions.indices where assessment.decisions[position].outcome == .eligible {
                assessment.decisions[position].outcome = .needsInformation
                assessment.decisions[position].benefits = []
                assessment.decisions[position].reasons.append(reason)
                assessment.decisions[position].missing = missing
            }
            return
        }
        // Actions are checked as a whole first: a malformed one fails the policy, which then changes nothing.
        var checked: [(position: Int, action: String, amount: Money?, reason: Reason)] = []
        for (number, action) in actions.enumerated() {
            guard let id = action["programme"].stringValue,
                  let position = assessment.decisions.firstIndex(where: { $0.id == id }) else { continue }
            let place = results.location(action) ?? policy.location
            do throws(MalformedResult) {
                var reason = try results.reason(action["reason"], policy: policy.id,
                                                what: Text(zh: "第 \(number + 1) 个操作的理由", en: "action \(number + 1)'s reason"),
                                                fallback: place)
                if reason.location == nil { reason.location = place }
                let amount: Money? = if case .nil = action["amount"] { nil } else {
                    try results.amount(action["amount"], what: Text(zh: "第 \(number + 1) 个操作", en: "action \(number + 1)"), at: place)
                }
                checked.append((position, action["action"].stringValue ?? "", amount, reason))
            } catch {
                assessment.policyFailures.append(RuleFailure(kind: .malformedResult, message: error.message.rendered(in: ruleSet.language),
                                                             location: error.location, policy: policy.id))
                return
            }
        }
        for action in checked {
            Self.apply(action.action, amount: action.amount, reason: action.reason, to: &assessment.decisions[action.position])
        }
    }

    /// The effect of one policy action on one decision. Decisions in error are left alone: nothing can be
    /// said about them until the rule is mended.
    static func apply(_ action: String, amount: Money?, reason: Reason, to decision: inout ProgrammeDecision) {
        guard decision.outcome == .eligible || decision.outcome == .refer else { return }
        switch action {
        case "withhold":
            decision.outcome = .ineligible
            decision.benefits.removeAll { !$0.isService }
        case "refer_to_caseworker":
            decision.outcome = .refer
            decision.benefits.removeAll { !$0.isService }
        case "limit_cash":
            guard let limit = amount else { return }
            var excess = decision.benefits.reduce(Money.zero) { total, benefit in
                if case .cash(let value, _, _) = benefit { return total + value }
                return total
            } - limit
            guard excess > .zero else { return }
            for position in decision.benefits.indices.reversed() where excess > .zero {
                guard case .cash(let value, let period, let label) = decision.benefits[position] else { continue }
                let cut = min(value, excess)
                excess = excess - cut
                decision.benefits[position] = .cash(value - cut, period, label: label)
            }
            decision.benefits.removeAll { if case .cash(let value, _, _) = $0 { value == .zero } else { false } }
            if decision.benefits.isEmpty { decision.outcome = .ineligible }
        default:
            return
        }
        decision.reasons.append(reason)
    }

    /// What the rule library is set up with, once per rule set (`bangfu_setup`): the schema's fields, the
    /// parameter paths and every dated value of each (for `params_on`), the programme ids in force, the funds.
    static func setup(_ ruleSet: RuleSet) -> LuaValue {
        let parameters = ruleSet.parameters.parameters
        return .record([
            "language": .string(ruleSet.language.rawValue),
            "schema": shapeDescription(ruleSet.schema.root),
            "parameters": .list(parameters.map { .string($0.path) }),
            "timelines": .list(parameters.map { parameter in
                .list(parameter.values.map { dated in
                    dated.value.map { LuaValue.record(["from": .string(dated.from.description), "value": luaValue($0)]) }
                        ?? LuaValue.record(["from": .string(dated.from.description), "ended": .boolean(true)])
                })
            }),
            "programmes": .list(ruleSet.programmeIDs.map { .string($0) }),
            "funds": .list(ruleSet.funds.map { .string($0.code) }),
        ])
    }

    // MARK: Reading results

    /// What each fact read directly, as the rule library recorded it.
    typealias FactInputs = [String: (facts: [String], parameters: [ParameterRead], history: [Int])]

    private func computedFacts() -> ([FactValue], FactInputs) {
        guard let computed = try? sandbox.call(entry.facts).first else { return ([], [:]) }
        let numbers = computed["numbers"].listValue ?? [], values = computed["values"].listValue ?? []
        let factLists = computed["facts"].listValue ?? [], parameterLists = computed["parameters"].listValue ?? []
        let historyLists = computed["history"].listValue ?? [], needs = computed["needs"].listValue ?? []
        guard values.count == numbers.count, needs.count == numbers.count, factLists.count == numbers.count,
              parameterLists.count == numbers.count, historyLists.count == numbers.count else {
            return ([], [:])
        }
        var inputs: FactInputs = [:]
        var facts: [FactValue] = []
        facts.reserveCapacity(numbers.count)
        for position in numbers.indices {
            guard let number = numbers[position].integerValue, self.facts.indices.contains(Int(number) - 1) else { continue }
            let info = self.facts[Int(number) - 1]
            inputs[info.id] = (factIDs(factLists[position]), parameterReads(parameterLists[position]),
                               historyNumbers(historyLists[position]))
            guard let value = Self.factValue(info, values[position], needs: needs[position]) else { continue }
            facts.append(FactValue(id: info.id, title: info.title, value: value, location: info.location))
        }
        return (facts, inputs)
    }

    /// A fact's value as the rule library gave it; an unknown fact has the fields it needs instead.
    private static func factValue(_ info: FactInfo, _ value: LuaValue, needs: LuaValue) -> FactValue.Value? {
        if let paths = needs.listValue { return .unknown(needs: paths.compactMap(\.stringValue)) }
        switch (info.type, value) {
        case ("money", .integer(let fen)): return .money(Money(fen: fen))
        case ("integer", .integer(let n)): return .integer(n)
        case ("boolean", .boolean(let b)): return .boolean(b)
        case ("date", .string(let text)): return CivilDate(text).map(FactValue.Value.date) ?? .string(text)
        case ("ratio", .number(let x)): return .ratio(x)
        case ("ratio", .integer(let n)): return .ratio(Double(n))
        case ("enum", .string(let code)): return .enumeration(code: code, label: info.values[code] ?? code)
        case (_, .string(let text)): return .string(text)
        default: return nil
        }
    }

    /// Turns a sandbox error into what a policy officer reads: the rule file and line, a plain message.
    private func failure(from error: LuaError, fallbackFile: String) -> RuleFailure {
        let kind: RuleFailure.Kind = switch error.kind {
        case .syntax, .runtime: .ruleError
        case .instructionLimit: .instructionLimit
        case .memoryLimit: .memoryLimit
        case .timeLimit: .timeLimit
        case .malformedValue: .malformedResult
        }
        var message = error.message
        var location: SourceLocation?
        // The engine's place for the error (a rule file the library reports on names itself there,
        // through error_at), else the innermost place in a rule file, not in the engine's own library.
        if let frame = ([error.location].compactMap { $0 } + error.frames).first(where: { !RuleLibrary.isLibraryChunk($0.source) }) {
            location = SourceLocation(file: frame.source, line: frame.line)
        }
        switch kind {
        case .ruleError:
            message = PlainMessages.explain(message, in: ruleSet.language)
        case .instructionLimit:
            message = Text(zh: "运行的指令数超出了预算：规则可能陷入了死循环，或上限（--max-instructions）对它太低（\(message)）",
                           en: message + "; the rule may loop forever, or the limit (--max-instructions) is too low for it")
                .rendered(in: ruleSet.language)
        case .memoryLimit:
            message = Text(zh: "超出了内存上限：规则生成的数据太多，或上限（--max-memory）对它太低（\(message)）",
                           en: message + "; the rule builds too much data, or the limit (--max-memory) is too low for it")
                .rendered(in: ruleSet.language)
        case .timeLimit:
            message = Text(zh: "超出了时间上限：规则处理的文字或表太长（\(message)）",
                           en: message + "; the rule works on very long texts or tables")
                .rendered(in: ruleSet.language)
        default: break
        }
        return rootCause(of: RuleFailure(kind: kind, message: message,
                                         location: location ?? (kind == .memoryLimit ? SourceLocation(file: fallbackFile, line: 0) : nil)))
    }
}
