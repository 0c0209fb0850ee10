import DecisionFormats
import Eligibility
import Interview
import IntakeRegister

/// The interview's pages (interview.mustache, review.mustache): the screening questions, each round's
/// questions, every answer to correct, and 请核对 before anything is recorded. What a page shows comes
/// from `InterviewForm` (the answers, the page's questions, the problems) and, once assessed, the
/// `InterviewRound` (the decisions so far and the facts the rule set shows as running totals).
enum InterviewPage {
    struct View: PageView {
        let csrfToken: String
        let heading: String
        let intro: String
        /// Whether a question on the page is required (and the page says what its `*` means).
        let marksRequired: Bool
        let errors: ErrorSummary?
        /// Answers that no longer fit the running rules and were dropped.
        let ignored: String?
        let progress: Progress?
        let sections: [Section]
        let hidden: [HiddenField]
        /// Whether "按目前情况记录" is offered (once something has been assessed).
        let mayReview: Bool
    }

    /// Where the assessment stands: the round, the outcomes so far, the programmes decided, the
    /// running facts.
    struct Progress: PageView {
        let round: Int
        let outcomes: String
        let decided: Decisions?
        let pending: String?
        let facts: Facts?
    }

    struct Decisions: PageView {
        let items: [Decided]
    }

    struct Facts: PageView {
        let items: [Fact]
    }

    struct Decided: PageView {
        let title: String
        let outcome: String
        let outcomeLabel: String
    }

    struct Fact: PageView {
        let id: String
        let title: String
        let value: String
        let known: Bool
    }

    struct Section: PageView {
        let title: String
        let questions: [Question]
    }

    /// One question; exactly one of list, select and input is set.
    struct Question: PageView {
        /// The input's id (`f-…`) and its block's (`q-…`).
        let id: String
        let blockID: String
        /// The field path: the input's name.
        let name: String
        let label: String
        let required: Bool
        let format: String?
        let evidence: String?
        let error: String?
        let autofocus: Bool
        var list: List?
        var select: Select?
        var input: Input?
    }

    struct List: PageView {
        let items: [Item]
        let mayAdd: Bool
        /// The first field of the item "添加一名成员" adds, which the page it brings opens at.
        let addedFieldID: String
    }

    struct Item: PageView {
        let id: String
        /// The item's path (`household.members[2]`), which "删除" names.
        let name: String
        let title: String
        let fields: [Question]
    }

    struct Select: PageView {
        let noneChosen: Bool
        let options: [OptionView]
    }

    /// A text input: every answer is typed (dates as 19640508, amounts as 1,600.50), so none is lost to
    /// a browser's own reading of a date or number field.
    struct Input: PageView {
        var inputMode: String?
        let value: String
    }

    /// 请核对: every answer as it will be recorded, what is still missing, what to bring.
    struct Review: PageView {
        let csrfToken: String
        let progress: Progress
        let revises: Int64?
        let sections: [AnswerSection]
        let missing: Missing?
        let hidden: [HiddenField]
    }

    struct AnswerSection: PageView {
        let title: String
        let rows: [AnswerRow]
    }

    struct AnswerRow: PageView {
        let label: String
        let value: String
    }

    struct Missing: PageView {
        let labels: [String]
        /// The documents that prove them, once each.
        let bring: String?
    }

    static func title(_ form: InterviewForm) -> String {
        switch form.page {
        case .screening: "帮扶资格面谈"
        case .round: "帮扶资格面谈 · 第 \(form.interview.rounds) 轮"
        case .edit: "帮扶资格面谈 · 修改回答"
        case .review: "请核对"
        }
    }

    // MARK: The question pages

    static func render(_ form: InterviewForm, round: InterviewRound?, session: WebSession) -> String {
        let interview = form.interview
        let profile = try? ProfileValidator(schema: interview.schema).validate(interview.answers.document(interview.schema), source: "interview")
        // A round's questions carry the names the assessment gave list items; the rest are named here.
        let asked = form.questions.compactMap { path in
            round?.questions.first { $0.path == path } ?? interview.question(at: path, in: profile)
        }
        let firstProblem = form.problems.first { form.shows($0.path) }?.path
        let focus = form.focus ?? firstProblem ?? (form.page == .round ? asked.first?.path : nil)
        let sections = QuestionGroup.sections(asked).map { group in
            Section(title: group.section, questions: group.questions.map { question($0, label: $0.label, form: form, focus: focus) })
        }
        let heading: String, intro: String
        switch form.page {
        case .screening:
            heading = "基本情况"
            intro = "先了解申请人是谁、因什么困难前来。家庭成员逐一添加，只需姓名和关系；其余情况按评估需要再问。"
        case .round:
            heading = "还需要了解以下 \(asked.count) 项"
            intro = "以下是结论待补充的项目所需要的情况。申请人不清楚的可以留空，记为待补充。"
        case .edit, .review:
            heading = "修改回答"
            intro = "以下是目前的全部回答，改好后继续评估。"
        }
        let view = View(
            csrfToken: session.csrfToken, heading: heading, intro: intro,
            marksRequired: asked.contains { question in
                if case .list = question.field.type { return true } // its items' required fields
                return question.field.isRequired
            }, errors: errorSummary(form, profile: profile),
            ignored: form.ignored.isEmpty ? nil : "以下回答不属于现行规则的申请表，已略去：" + form.ignored.joined(separator: "、"),
            progress: round.map { progress($0, number: interview.rounds) }, sections: sections, hidden: hidden(form), mayReview: interview.rounds > 0)
        return Layout.page(.interview, view, title: title(form), session: session)
    }

    static func errorSummary(_ form: InterviewForm, profile: Profile?) -> ErrorSummary? {
        ErrorSummary(form.problems.map { problem in
            let label = form.interview.question(at: problem.path, in: profile)?.label ?? "申请表"
            return ErrorSummary.Problem(target: form.shows(problem.path) ? blockID(problem.path) : nil, label: label, message: problem.message)
        })
    }

    static func question(_ question: InterviewQuestion, label: String, form: InterviewForm, focus: String?) -> Question {
        let path = question.path, field = question.field
        let errors = form.problems.filter { $0.path == path }.map(\.message)
        // How to type an answer is for typed answers; a list's options say it themselves.
        let typed: Bool = switch field.type { case .boolean, .enumeration, .list: false; default: true }
        var view = Question(id: fieldID(path), blockID: blockID(path), name: path, label: label, required: field.isRequired,
                            format: typed ? question.format : nil, evidence: question.evidence,
                            error: errors.isEmpty ? nil : errors.joined(separator: "；"), autofocus: focus == path)
        let value: String
        switch form.interview.answers[path] {
        case .text(let text)?: value = form.typed[path] ?? text
        case .none?: value = form.typed[path] ?? InterviewForm.none
        case nil: value = form.typed[path] ?? ""
        }
        var options: [OptionView] = []
        switch field.type {
        case .list(let item, let maxItems):
            let interview = form.interview
            let count = interview.answers.itemCount(path)
            let items = stride(from: 1, through: count, by: 1).map { position in
                let itemPath = "\(path)[\(position)]"
                var title = "\(field.itemLabel ?? field.label) \(position)"
                if let key = field.itemTitle, case .text(let name)? = interview.answers["\(itemPath).\(key)"] { title += "（\(name)）" }
                return Item(id: fieldID(itemPath), name: itemPath, title: title, fields: interview.itemQuestions(path, position: position).map {
                    Self.question($0, label: $0.field.label, form: form, focus: focus)
                })
            }
            let firstField = item.fields.first { $0.isRequired }?.name ?? item.fields.first?.name ?? ""
            view.list = List(items: items, mayAdd: count < maxItems ?? InterviewForm.maximumItems,
                             addedFieldID: fieldID("\(path)[\(count + 1)].\(firstField)"))
            return view
        case .boolean:
            options = [OptionView(value: "true", label: "是", selected: value == "true"), OptionView(value: "false", label: "否", selected: value == "false")]
        case .enumeration(let cases):
            options = cases.map { OptionView(value: $0.code, label: $0.label, selected: $0.code == value) }
        case .money: view.input = Input(inputMode: "decimal", value: value)
        case .integer: view.input = Input(inputMode: "numeric", value: value)
        case .date, .string, .object: view.input = Input(value: value)
        }
        if view.input == nil {
            if let none = field.notApplicable { options.append(OptionView(value: InterviewForm.none, label: "无（\(none)）", selected: value == InterviewForm.none)) }
            view.select = Select(noneChosen: !options.contains(where: \.selected), options: options)
        }
        return view
    }

    /// Everything the page carries but does not ask: the answers it does not show, each list's
    /// length, the page and its questions, what was asked, the rounds, the entry being revised.
    static func hidden(_ form: InterviewForm) -> [HiddenField] {
        let interview = form.interview
        var fields = [HiddenField(name: "_page", value: form.page.rawValue), HiddenField(name: "_round", value: String(interview.rounds))]
        if let revises = form.revises { fields.append(HiddenField(name: "_revises", value: String(revises))) }
        fields += form.questions.map { HiddenField(name: "_q", value: $0) }
        fields += interview.asked.map { HiddenField(name: "_asked", value: $0) }
        fields += interview.answers.itemCounts.sorted { $0.key < $1.key }.map {
            HiddenField(name: InterviewForm.countPrefix + $0.key, value: String($0.value))
        }
        for (path, answer) in interview.answers.answers.sorted(by: { $0.key < $1.key }) where !form.shows(path) {
            switch answer {
            case .text(let text): fields.append(HiddenField(name: path, value: text))
            case .none: fields.append(HiddenField(name: path, value: InterviewForm.none))
            }
        }
        return fields
    }

    static func progress(_ round: InterviewRound, number: Int) -> Progress {
        let decisions = round.assessment.decisions
        let counts = Dictionary(grouping: decisions, by: \.outcome).mapValues(\.count)
        let pending = decisions.filter { $0.outcome == .needsInformation }
        let decided = decisions.filter { $0.outcome != .needsInformation }.map {
            Decided(title: $0.title, outcome: $0.outcome.rawValue,
                    outcomeLabel: DecisionLabels.outcome($0.outcome, reasons: $0.reasons, benefits: $0.benefits))
        }
        let facts = round.running.map { fact in
            switch fact.value {
            case .unknown?: Fact(id: fact.id, title: fact.title, value: "待补充", known: false)
            case let value?: Fact(id: fact.id, title: fact.title, value: DecisionSheet.factText(value), known: true)
            case nil: Fact(id: fact.id, title: fact.title, value: "无法计算（规则出错）", known: false)
            }
        }
        return Progress(
            round: number,
            outcomes: Outcome.allCases.compactMap { outcome in counts[outcome].map { "\(DecisionLabels.outcome(outcome)) \($0) 项" } }
                .joined(separator: "，"),
            decided: decided.isEmpty ? nil : Decisions(items: decided),
            pending: pending.isEmpty ? nil : pending.map(\.title).joined(separator: "、"),
            facts: facts.isEmpty ? nil : Facts(items: facts))
    }

    // MARK: 请核对

    static func review(_ form: InterviewForm, round: InterviewRound, session: WebSession) -> String {
        let interview = form.interview
        var questions = interview.answered
        // A list answered with no items is an answer too: the applicant has none.
        for (path, count) in interview.answers.itemCounts where count == 0 {
            if let question = interview.question(at: path) { questions.append(question) }
        }
        questions.sort { $0.order.lexicographicallyPrecedes($1.order) }
        let sections = QuestionGroup.sections(questions).map { group in
            AnswerSection(title: group.section, rows: group.questions.map { question in
                AnswerRow(label: question.label, value: interview.answers[question.path].map { AnswerHints.text(of: $0, for: question.field) } ?? "无")
            })
        }
        let missing = round.assessment.missing
        let view = Review(
            csrfToken: session.csrfToken, progress: progress(round, number: interview.rounds), revises: form.revises, sections: sections,
            missing: missing.isEmpty ? nil : Missing(labels: missing.map(\.label), bring: bring(missing)),
            hidden: hidden(form))
        return Layout.page(.review, view, title: title(form), session: session)
    }

    static func bring(_ missing: [MissingInformation]) -> String? {
        let documents = DecisionSheet.documentsToBring(missing)
        return documents.isEmpty ? nil : documents.joined(separator: "、")
    }

    // MARK: Ids

    static func fieldID(_ path: String) -> String {
        "f-" + path.compactMap { $0 == "]" ? nil : "[.".contains($0) ? "-" : String($0) }.joined()
    }

    static func blockID(_ path: String) -> String { "q-" + fieldID(path).dropFirst(2) }
}
