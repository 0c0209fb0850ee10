import DecisionFormats
import Eligibility
import Hummingbird
import IntakeRegister

/// A stored decision assessed again: the stored profile on the stored assessment date, under the rule
/// set it was made with (rebuilt from the register by hash) and under the running one, compared
/// programme by programme as `bangfu diff` compares (`DecisionChange.compare`).
struct DecisionReplay: Sendable {
    var entry: StoredAssessment
    var date: CivilDate
    var originalHash: String
    var originalTitle: String
    var currentHash: String
    var currentTitle: String
    /// Whether the original rules give back the stored `bangfu.assessment/1` answer byte for byte.
    var reproduced: Bool
    /// Every programme, then and now; empty when either side could not assess the profile.
    var decisions: [DecisionChange]
    var originalProblems: [Diagnostic]
    var currentProblems: [Diagnostic]

    var changes: [DecisionChange] { decisions.filter(\.differs) }
}

/// Why a stored decision could not be replayed at all.
struct ReplayRefused: Error, CustomStringConvertible {
    var description: String
}

extension IntakeApplication {
    /// Replays `entry`. Throws `ReplayRefused` when its rule set cannot be rebuilt exactly.
    func replay(_ entry: StoredAssessment) async throws -> DecisionReplay {
        guard let date = CivilDate(entry.assessmentDate) else {
            throw ReplayRefused(description: "register entry \(entry.id) has no valid assessment date (\(entry.assessmentDate))")
        }
        // The profile is read under the name it was first read under (`api` or `web`), and assessed with
        // the household's history it was given then: the answer names and lists them.
        let source: String, history: History
        do {
            let answer = try AssessmentDocument(json: entry.decisionJSON)
            (source, history) = (answer.profile, answer.history)
        } catch {
            throw ReplayRefused(description: "the stored answer of entry \(entry.id) cannot be read: \(error)")
        }
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(entry.profileJSON, displayName: source, json: true)
        } catch {
            throw ReplayRefused(description: "the stored profile of entry \(entry.id) is not JSON: \(error.message)")
        }
        let original: Result<Assessment, DiagnosticList>
        let originalTitle: String
        do {
            let ruleSet = try await register.storedRuleSet(hash: entry.ruleSetHash)
            let assessor = try Assessor(ruleSet: ruleSet, limits: engine.limits)
            (original, originalTitle) = (assessor.assess(document: document, source: source, on: date, history: history), ruleSet.title)
        } catch let error as StoredRuleSetError {
            throw ReplayRefused(description: error.description)
        } catch let error as RuleEngineError {
            throw ReplayRefused(description: "the rule engine could not start on the original rules: \(error)")
        }
        let rules = engine.current
        let current = try rules.pool.withAssessor { $0.assess(document: document, source: source, on: date, history: history) }
        var reproduced = false
        if case .success(let assessment) = original {
            reproduced = AssessmentJSON.value(assessment).rendered(indent: true) + "\n" == entry.decisionJSON
        }
        var decisions: [DecisionChange] = []
        if case .success(let before) = original, case .success(let after) = current {
            decisions = DecisionChange.compare(before: before, after: after)
        }
        func problems(_ result: Result<Assessment, DiagnosticList>) -> [Diagnostic] {
            if case .failure(let list) = result { return list.diagnostics } else { return [] }
        }
        return DecisionReplay(entry: entry, date: date, originalHash: entry.ruleSetHash, originalTitle: originalTitle,
                              currentHash: rules.ruleSet.contentHash, currentTitle: rules.ruleSet.title, reproduced: reproduced,
                              decisions: decisions, originalProblems: problems(original), currentProblems: problems(current))
    }

    func replayDecision(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let (account, entry) = try await readableEntry(context, doing: "replay entries other intake staff made")
        let id = entry.id
        let replay: DecisionReplay
        do {
            replay = try await self.replay(entry)
        } catch let refused as ReplayRefused {
            throw APIError(.conflict, message: refused.description)
        }
        logger.info("decision replayed", metadata: ["entry": "\(id)", "actor": "\(loggable(account.name))", "reproduced": "\(replay.reproduced)",
                                                    "changed": "\(replay.changes.count)"])
        return JSONResponse.make(ReplayJSON.value(replay))
    }
}

/// The replay as the API answers it.
enum ReplayJSON {
    static func value(_ replay: DecisionReplay) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("entry", .integer(replay.entry.id)),
            ("date", .string(replay.date.description)),
            ("original", .object([("title", .string(replay.originalTitle)), ("hash", .string("sha256:" + replay.originalHash))])),
            ("current", .object([("title", .string(replay.currentTitle)), ("hash", .string("sha256:" + replay.currentHash))])),
            ("reproduced", .bool(replay.reproduced)),
            ("changes", .array(replay.changes.map(DecisionChangeJSON.value))),
            ("unchanged", .array(replay.decisions.filter { !$0.differs }.map { .string($0.programme) })),
        ]
        if !replay.originalProblems.isEmpty { fields.append(("original_problems", problems(replay.originalProblems))) }
        if !replay.currentProblems.isEmpty { fields.append(("current_problems", problems(replay.currentProblems))) }
        fields.append(("decision", .string("/api/decisions/\(replay.entry.id)")))
        return .object(fields)
    }

    static func problems(_ problems: [Diagnostic]) -> JSONValue {
        .array(problems.map { problem in
            .object([("path", problem.path.map(JSONValue.string) ?? .null), ("message", .string(problem.message.zh))])
        })
    }
}
