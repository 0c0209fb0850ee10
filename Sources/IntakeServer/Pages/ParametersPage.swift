import ChangeImpact
import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// 参数: every parameter of the running rule set with its dated values, unit and references, the form
/// on which an officer proposes a new dated value, the proposals with their outcomes, and the rule
/// sets that ran (who took each, when, what changed); and one proposal's page, with what `check`, the
/// cases and the caseload make of it and the second officer's decision.
enum ParametersPage {
    struct View: PageView {
        let ruleSet: String
        let hash: String
        let parameters: [ParameterRow]
        let form: ProposalForm?
        let proposals: TableRows<ProposalLine>?
        let history: [HistoryLine]
    }

    struct ParameterRow: PageView {
        let path: String
        let label: String
        let unit: String
        let reference: String?
        /// `parameters/dibao.yaml:12`.
        let place: String
        let values: [ValueRow]
    }

    struct ValueRow: PageView {
        let from: String
        /// The value as the sheet prints it; 停止执行 for the entry that ends the parameter.
        let value: String
        let reference: String
        /// 现行, 待生效 or 已被替代.
        let status: String
        let inForce: Bool
    }

    /// The officer's form; nil for auditors.
    struct ProposalForm: PageView {
        let csrfToken: String
        let summary: ErrorSummary?
        let parameters: [OptionView]
        let parameterError: String?
        let from: ReferralsPage.Field
        let value: ReferralsPage.Field
        let reference: ReferralsPage.Field
    }

    struct ProposalLine: PageView {
        let id: Int64
        let change: String
        let proposedBy: String
        let proposedAt: String
        let status: String
        let decided: String?
        let reason: String?
    }

    struct HistoryLine: PageView {
        let since: String
        let hash: String
        let takenBy: String
        /// 规则目录 …, or the published proposal's change.
        let change: String
    }

    /// What the officer typed, shown again with its problems.
    struct Posted: Sendable {
        var parameter = "", from = "", value = "", reference = ""
        var problems: [IntakeApplication.FieldProblem] = []
    }

    static let fieldLabels = ["parameter": "参数", "from": "起始日期", "value": "新值", "reference": "依据", "decision": "处理", "reason": "理由"]

    static func render(_ rules: LoadedRules, on date: CivilDate, proposals: [StoredProposal], history: [RunningRuleSet],
                       posted: Posted? = nil, session: WebSession) -> String {
        let ruleSet = rules.ruleSet
        let form = session.account.role.proposesParameters ? proposalForm(ruleSet, posted ?? Posted(), session: session) : nil
        let view = View(ruleSet: ruleSet.title, hash: String(ruleSet.contentHash.prefix(12)),
                        parameters: ruleSet.parameters.parameters.map { row($0, on: date) }, form: form,
                        proposals: TableRows(proposals.map { line($0, ruleSet) }),
                        history: history.map { historyLine($0, proposals: proposals, ruleSet: ruleSet) })
        return Layout.page(.parameters, view, title: "参数", session: session)
    }

    /// A rule set that ran, with what changed: the published proposal's change, or the folder it came from.
    static func historyLine(_ entry: RunningRuleSet, proposals: [StoredProposal], ruleSet: RuleSet) -> HistoryLine {
        var what = "规则目录 \(entry.taking.origin)"
        if entry.taking.source == .proposal {
            what = "建议 \(entry.taking.origin)"
            if let proposal = proposals.first(where: { "#\($0.id)" == entry.taking.origin }) {
                what += "：" + change(proposal.proposal, ruleSet)
            }
        }
        return HistoryLine(since: entry.since.formatted(.iso8601), hash: String(entry.hash.prefix(12)), takenBy: entry.taking.takenBy, change: what)
    }

    static func row(_ parameter: Parameter, on date: CivilDate) -> ParameterRow {
        let current = parameter.values.last { $0.from <= date }?.from
        let values = parameter.values.map { entry in
            let status = entry.from > date ? "待生效" : entry.from == current ? "现行" : "已被替代"
            return ValueRow(from: entry.from.description, value: entry.value.map(DecisionSheet.parameterText) ?? "停止执行",
                            reference: entry.reference, status: status, inForce: entry.from == current)
        }
        return ParameterRow(path: parameter.path, label: parameter.label, unit: DecisionLabels.unit(parameter.unit), reference: parameter.reference,
                            place: parameter.place, values: values)
    }

    static func proposalForm(_ ruleSet: RuleSet, _ posted: Posted, session: WebSession) -> ProposalForm {
        func error(_ field: String) -> String? { posted.problems.first { $0.field == field }?.message }
        func field(_ name: String, _ value: String) -> ReferralsPage.Field {
            ReferralsPage.Field(id: name, name: name, label: fieldLabels[name]!, value: value, error: error(name))
        }
        let summary = ErrorSummary(posted.problems.map {
            ErrorSummary.Problem(target: "f-" + $0.field, label: fieldLabels[$0.field] ?? $0.field, message: $0.message)
        })
        let options = ruleSet.parameters.parameters.map {
            OptionView(value: $0.path, label: "\($0.label)（\($0.path)，\(DecisionLabels.unit($0.unit))）", selected: $0.path == posted.parameter)
        }
        return ProposalForm(csrfToken: session.csrfToken, summary: summary, parameters: options, parameterError: error("parameter"),
                            from: field("from", posted.from), value: field("value", posted.value), reference: field("reference", posted.reference))
    }

    static func line(_ stored: StoredProposal, _ ruleSet: RuleSet) -> ProposalLine {
        ProposalLine(id: stored.id, change: change(stored.proposal, ruleSet), proposedBy: stored.proposal.proposedBy,
                     proposedAt: stored.proposedAt.formatted(.iso8601), status: statusLabel(stored.status),
                     decided: stored.decidedBy.map { by in "\(by)，\(stored.decidedAt?.formatted(.iso8601) ?? "")" }, reason: stored.reason)
    }

    /// `城市低保标准（dibao.urban）自 2027-01-01 起为 1000 元/月`.
    static func change(_ proposal: NewProposal, _ ruleSet: RuleSet) -> String {
        let parameter = ruleSet.parameters.parameter(proposal.parameter)
        return "\(parameter?.label ?? proposal.parameter)（\(proposal.parameter)）自 \(proposal.from) 起为 \(proposal.value) \(parameter.map { DecisionLabels.unit($0.unit) } ?? "")"
    }

    static func statusLabel(_ status: ProposalStatus) -> String {
        switch status {
        case .open: "待批准"
        case .published: "已发布"
        case .refused: "已驳回"
        case .withdrawn: "已撤回"
        }
    }
}

/// A table's rows, nil when there are none: the template shows the table only around some.
struct TableRows<Row: PageView>: PageView {
    let rows: [Row]

    init?(_ rows: [Row]) {
        guard !rows.isEmpty else { return nil }
        self.rows = rows
    }
}

extension Role {
    /// Officers propose parameter changes and approve each other's; auditors read them.
    var proposesParameters: Bool { self == .officer }
}
