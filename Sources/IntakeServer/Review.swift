import DecisionFormats
import Eligibility
import IntakeRegister

/// The yearly review (复核) of hardship files, shared by `bangfu review` and the desk's /review page.
/// Each file due is re-assessed on the review day with the latest assessment profile of its household's
/// members and the household's history from the register (grants of the last twelve months count as
/// income, as at any assessment). What the rules now say of the household's tier is the finding; the
/// file itself is not moved: an officer adjusts or closes it.
package struct HardshipReview: Sendable {
    /// Where the rules say it (Rules/facts.lua, Rules/programmes/hardship_file.lua): the programme
    /// that decides whether a household is kept on file, and the fact that gives its tier, coded as
    /// `HardshipTier` (`none`: no hardship).
    package static let fileProgramme = "hardship_file"
    package static let tierFact = "hardship_tier"

    package let register: any Register
    package let ruleSet: RuleSet
    package let pool: AssessorPool

    package init(register: any Register, ruleSet: RuleSet, pool: AssessorPool) {
        self.register = register
        self.ruleSet = ruleSet
        self.pool = pool
    }

    /// A file reviewed: what it is, why it is listed, and what the re-assessment found.
    package struct Line: Sendable {
        package var file: StoredHardshipFile
        package var household: StoredHousehold?
        /// An accidental-hardship file past its year: listed as expiring.
        package var expiring: Bool
        /// The entry whose profile was assessed again, when the household has one.
        package var source: StoredAssessment?
        /// nil when nothing could be assessed (`note` says why).
        package var finding: ReviewFinding?
        package var suggestedTier: HardshipTier?
        /// The grants of the household's history the re-assessment was given.
        package var grantsCounted: Int
        /// In Chinese: what the finding rests on, or why there is none.
        package var note: String
        /// The re-assessment as it would be recorded (`record`).
        package var assessment: Assessment?
        /// Once recorded: the new entry and the review.
        package var recorded: StoredHardshipReview?

        /// Whether the rules move the file: another tier, or no hardship file at all.
        package var moves: Bool { finding == .adjust || finding == .close }
    }

    /// The files due for review on `date` (a year after their last review or opening) and the
    /// accidental-hardship files past their year, oldest first; `everyOpenFile` lists every file not
    /// closed instead (what a change of the rules would move).
    package func files(on date: CivilDate, everyOpenFile: Bool = false) async throws -> [StoredHardshipFile] {
        try await register.openHardshipFiles().filter { everyOpenFile || $0.isDueForReview(on: date) || $0.isExpired(on: date) }
    }

    /// Re-assesses `file` on `date`; records nothing.
    package func review(_ file: StoredHardshipFile, on date: CivilDate) async throws -> Line {
        let household = try await register.household(id: file.householdID)
        var line = Line(file: file, household: household, expiring: file.isExpired(on: date), grantsCounted: 0, note: "")
        guard let household else {
            line.note = "找不到第 \(file.householdID) 号家庭档案"
            return line
        }
        guard let source = try await latestAssessment(of: household) else {
            line.note = "本户成员没有评估记录，请重新受理评估"
            return line
        }
        line.source = source
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(source.profileJSON, displayName: "register:\(source.id)", json: true)
        } catch {
            line.note = "第 \(source.id) 号记录保存的档案无法读取：\(error.message)"
            return line
        }
        let history = try await register.history(ofHousehold: household.id, on: date)
        line.grantsCounted = history.grants.count
        let assessed = try pool.withAssessor { $0.assess(document: document, source: "register:\(source.id)", on: date, history: history) }
        guard case .success(let assessment) = assessed else {
            line.note = "第 \(source.id) 号记录的档案已不符合现行规则，请重新受理评估"
            return line
        }
        line.assessment = assessment
        (line.finding, line.suggestedTier, line.note) = Self.finding(assessment, file: file)
        return line
    }

    /// What the rules say now of a file of `file.tier`.
    static func finding(_ assessment: Assessment, file: StoredHardshipFile) -> (ReviewFinding?, HardshipTier?, String) {
        guard let decision = assessment.decision(fileProgramme) else { return (nil, nil, "现行规则没有“困难职工建档”项目（\(fileProgramme)）") }
        let reasons = decision.reasons.map(\.text).joined(separator: "；")
        switch decision.outcome {
        case .eligible:
            guard let tier = tier(in: assessment) else { return (.close, nil, "按现行规则已不属于困难职工家庭：\(reasons)") }
            guard tier == file.tier else {
                return (.adjust, tier, "按现行规则属于\(tierLabel(tier))（档案为\(tierLabel(file.tier))）：\(reasons)")
            }
            return (.kept, tier, "仍属于\(tierLabel(tier))：\(reasons)")
        case .ineligible:
            return (.close, nil, "按现行规则不再符合建档条件：\(reasons)")
        default:
            let missing = decision.missing.isEmpty ? "" : "（需要补充：" + decision.missing.map(\.label).joined(separator: "、") + "）"
            return (.needsInformation, nil, "复核结论为“\(DecisionLabels.outcome(decision.outcome))”\(missing)，请经办人核实")
        }
    }

    /// The tier the rules gave the household (`tierFact`), nil for none (or rules that give none).
    package static func tier(in assessment: Assessment) -> HardshipTier? {
        guard case .enumeration(let code, _)? = assessment.facts.first(where: { $0.id == tierFact })?.value else { return nil }
        return HardshipTier(rawValue: code)
    }

    /// The newest entry of any present member of the household, by ID number.
    func latestAssessment(of household: StoredHousehold) async throws -> StoredAssessment? {
        var newest: Int64?
        for member in household.members {
            let key = RegisterQuery.applicantIDSearchKey(member.idNumber)
            // The search matches endings; the member is the whole number.
            let found = try await register.search(RegisterQuery(applicantID: member.idNumber, limit: 20))
                .first { $0.applicantID.map(RegisterQuery.applicantIDSearchKey) == key }
            if let id = found?.id, id > newest ?? .min { newest = id }
        }
        guard let newest else { return nil }
        return try await register.assessment(id: newest)
    }

    /// Records a reviewed line: the re-assessment as a new entry (no referral is opened from it: it
    /// is the file's review, not an application), and the review naming it, which makes the review day
    /// the file's last review. A line without a finding is not recorded.
    package func record(_ line: Line, on date: CivilDate, by account: String) async throws -> Line {
        guard let finding = line.finding, let assessment = line.assessment, let source = line.source else { return line }
        let answer = AssessmentJSON.value(assessment).rendered(indent: true) + "\n"
        let entry = try await register.record(NewAssessment(assessment, actor: account, profileJSON: source.profileJSON, decisionJSON: answer))
        var recorded = line
        recorded.recorded = try await register.recordReview(NewHardshipReview(
            fileID: line.file.id, assessmentID: entry, reviewedOn: date, reviewedBy: account, finding: finding,
            suggestedTier: line.suggestedTier))
        return recorded
    }

    // MARK: Labels

    package static func tierLabel(_ tier: HardshipTier) -> String {
        switch tier {
        case .deep: "深度困难"
        case .relative: "相对困难"
        case .accidental: "意外致困"
        }
    }

    package static func statusLabel(_ status: HardshipFileStatus) -> String {
        switch status {
        case .opened: "在档"
        case .underReview: "复核中"
        case .closed: "已关闭"
        }
    }

    package static func findingLabel(_ finding: ReviewFinding?, suggested: HardshipTier?) -> String {
        switch finding {
        case .kept?: "维持"
        case .adjust?: "建议调整为" + (suggested.map(tierLabel) ?? "")
        case .close?: "建议关闭"
        case .needsInformation?: "待补充"
        case nil: "无法复核"
        }
    }
}
