import DecisionFormats
import Eligibility
import Foundation
import Interview

/// The interview as the desk's pages carry it from one page to the next: the server keeps nothing
/// between pages. Every answer travels in the form under its field path
/// (`household.members[2].monthly_income`, items counted from 1 as the validator counts them): those
/// the page asks as inputs, the rest hidden. Beside them: each list's length (`_count:PATH`), the
/// page (`_page`), the questions it shows (`_q`, one per path; a list's path shows the list with its
/// items), the questions asked so far (`_asked`), the assessments made (`_round`) and the register
/// entry being assessed again (`_revises`). The button pressed is `_action`.
///
/// Every posted answer is read as `Interview.read` reads what people type, the hidden ones too (their
/// text is what an earlier page read, so they read the same), and nothing that does not read is kept
/// quietly: it comes back, as typed, with its problem.
package struct InterviewForm: Sendable {
    package enum Page: String, Sendable {
        /// Who the applicant is and what brought them (`screening:`), the household as a list.
        case screening
        /// The questions the needs-information decisions named.
        case round
        /// Every answer so far, to correct (from the review page's "返回修改").
        case edit
        /// 请核对: every answer as it will be recorded.
        case review
    }

    package enum Action: Sendable, Equatable {
        /// The default (Enter in a field): read the answers, assess, ask what is still missing.
        case next
        /// "添加一名成员".
        case add(list: String)
        /// "删除" on an item.
        case remove(list: String, position: Int)
        /// "按目前情况记录": to the review page as things stand.
        case review
        /// "返回修改".
        case edit
        /// "确认记录", from the review page: the one action that writes to the register.
        case confirm
    }

    package var interview: Interview
    package var page: Page
    /// The page's questions by path, in page order.
    package var questions: [String]
    package var action: Action
    package var revises: Int64?
    /// What was typed into a field whose answer did not read, by path: shown again with its problem.
    package var typed: [String: String] = [:]
    package var problems: [AnswerProblem] = []
    /// Posted names that are no question of the schema, or an item no list has (the rules changed
    /// between pages): not kept, and the page says so.
    package var ignored: [String] = []
    /// The field the page puts the cursor in (the first of a member just added).
    var focus: String?

    /// A fresh interview, on its screening page.
    init(schema: Schema) {
        interview = Interview(schema: schema)
        page = .screening
        questions = interview.screening.map(\.path)
        action = .next
    }

    /// The interview a page posted back.
    package init(posted form: FormData, schema: Schema) {
        var answers = AnswerSheet()
        var rounds = 0, asked: [String] = [], questions: [String] = [], page = Page.screening
        var revises: Int64?, action: String?
        var given: [(path: String, text: String)] = []
        for (name, value) in form.pairs {
            switch name {
            case "_page": page = Page(rawValue: value) ?? .screening
            case "_q": if !questions.contains(value) { questions.append(value) }
            case "_asked": if !asked.contains(value) { asked.append(value) }
            case "_round": rounds = Int(value).map { max(0, min($0, 10_000)) } ?? 0
            case "_revises": revises = Int64(value)
            case "_action": if action == nil { action = value }
            default:
                if name.hasPrefix(Self.countPrefix) {
                    let path = String(name.dropFirst(Self.countPrefix.count))
                    guard case .list(_, let maxItems)? = schema.field(at: path)?.type else { continue }
                    answers.setItemCount(max(0, min(Int(value) ?? 0, maxItems ?? Self.maximumItems)), for: path)
                } else if !name.hasPrefix("_") {
                    given.append((name, value))
                }
            }
        }
        // A list the page showed with no item added is answered: there are none (a household of one).
        for path in questions where answers.itemCounts[path] == nil {
            if case .list? = schema.field(at: path)?.type { answers.setItemCount(0, for: path) }
        }
        self.interview = Interview(schema: schema, answers: answers, rounds: rounds, asked: asked)
        self.page = page
        self.questions = questions
        self.revises = revises
        self.action = Self.action(action ?? "", schema: schema)
        for (path, text) in given { take(text, at: path, asked: shows(path)) }
        takeIDNumbers()
        sortProblems()
        // An answer carried hidden that no longer reads (the rules changed between pages) is asked again.
        for problem in problems where !shows(problem.path) { questions.append(problem.path) }
    }

    /// The interview a stored profile gives (a register entry assessed again), bound for the review
    /// page: each answer read as if typed, so one that no longer reads under the running rules says so,
    /// and a field they no longer have is named as left out.
    init(revising document: DocumentNode, entry: Int64, schema: Schema) {
        self.init(schema: schema)
        if case .failure(let problems) = Result(catching: { () throws(DiagnosticList) in
            try ProfileValidator(schema: schema).validate(document, source: "entry")
        }) {
            ignored = problems.diagnostics.compactMap { $0.path }.filter { schema.field(at: $0) == nil }
        }
        let sheet = AnswerSheet(document: document, schema: schema)
        for (path, count) in sheet.itemCounts { interview.answers.setItemCount(count, for: path) }
        for (path, answer) in sheet.answers.sorted(by: { $0.key < $1.key }) {
            switch answer {
            case .text(let text): take(text, at: path, asked: false)
            case .none: take(Self.none, at: path, asked: false)
            }
        }
        takeIDNumbers()
        sortProblems()
        revises = entry
        page = .review
        questions = []
        action = .review
    }

    package static let countPrefix = "_count:"
    /// How "none" is written in the form, as a clerk would type it.
    package static let none = "无"
    /// Items a list without `max_items` shows at most.
    package static let maximumItems = 200

    static func action(_ text: String, schema: Schema) -> Action {
        switch text {
        case "review": return .review
        case "edit": return .edit
        case "confirm": return .confirm
        default:
            if text.hasPrefix("add:"), case .list? = schema.field(at: String(text.dropFirst(4)))?.type {
                return .add(list: String(text.dropFirst(4)))
            }
            if text.hasPrefix("remove:"), let open = text.lastIndex(of: "["), text.hasSuffix("]"),
               let position = Int(text[text.index(after: open)..<text.index(before: text.endIndex)]) {
                let list = String(text[text.index(text.startIndex, offsetBy: 7)..<open])
                if case .list? = schema.field(at: list)?.type { return .remove(list: list, position: position) }
            }
            return .next
        }
    }

    /// Whether the page asked `path` (a question of its own, or a field of an item of a list it shows).
    func shows(_ path: String) -> Bool {
        questions.contains { path == $0 || path.hasPrefix($0 + "[") }
    }

    /// Reads one answer as typed; `asked`: the page put it to the applicant (rather than carried it).
    private mutating func take(_ text: String, at path: String, asked: Bool) {
        guard interview.answers.holds(path), let question = interview.question(at: path) else {
            ignored.append(path)
            return
        }
        switch question.field.type {
        case .object, .list:
            ignored.append(path)
        default:
            switch interview.read(text, for: question) {
            case .success(let answer):
                if asked { interview.answer(question, answer) } else { interview.answers.set(path, answer) }
            case .failure(let problem):
                typed[path] = text
                problems.append(problem)
            }
        }
    }

    /// Birth date and sex left blank are taken from the ID number, once every answer is read (the page
    /// posts the blanks after the number); ones typed that the number contradicts are problems.
    private mutating func takeIDNumbers() {
        interview.fillAnswersImpliedByIDNumbers()
        for problem in interview.answersContradictingIDNumbers where !problems.contains(where: { $0.path == problem.path }) {
            problems.append(problem)
            if !shows(problem.path) { questions.append(problem.path) }
        }
    }

    /// Problems in page order: the schema's (the order questions are asked in).
    private mutating func sortProblems() {
        let schema = interview.schema
        problems.sort { Self.order($0.path, schema).lexicographicallyPrecedes(Self.order($1.path, schema)) }
    }

    /// A field's place in the schema: the order the interview asks in.
    static func order(_ path: String, _ schema: Schema) -> [Int] {
        schema.missingInformation(at: path)?.order ?? []
    }

    /// Adds what the answers' profile would be refused for (a required field left blank) to the
    /// problems of answers that did not read, so the page says everything at once.
    mutating func refuseIncompleteProfile() {
        let schema = interview.schema
        if case .failure(let problems) = Result(catching: { () throws(DiagnosticList) in
            try ProfileValidator(schema: schema).validate(interview.answers.document(schema), source: "interview")
        }) {
            refuse(problems)
        }
    }

    /// The problems of answers that do not make a profile, in Chinese, each shown on the page at its field.
    mutating func refuse(_ diagnostics: DiagnosticList) {
        for diagnostic in diagnostics.diagnostics {
            let path = diagnostic.path ?? ""
            // A field whose answer did not read has its problem already (and is missing for that reason).
            if problems.contains(where: { $0.path == path }) { continue }
            let message: String
            if let field = interview.schema.field(at: path) {
                switch interview.answers[path] {
                case .text(let text)?: message = AnswerHints.problem(field, text)
                case .none?, nil: message = AnswerHints.required(field)
                }
                if !shows(path) { questions.append(path) }
            } else {
                message = "档案无法评估：" + diagnostic.message.zh
            }
            problems.append(AnswerProblem(path: path, message: message))
        }
        sortProblems()
    }

    /// "添加一名成员": an empty item at the end of the list (up to its `max_items`), the cursor in its first field.
    mutating func addItem(to list: String) {
        guard case .list(_, let maxItems)? = interview.schema.field(at: list)?.type,
              interview.answers.itemCount(list) < maxItems ?? Self.maximumItems else { return }
        let position = interview.answers.addItem(to: list)
        focus = interview.itemQuestions(list, position: position).first?.path
        if !shows(list) { questions.append(list) }
    }

    /// "删除": the item goes, with its answers, what was typed in it and its problems; the items after
    /// it move up.
    mutating func removeItem(_ position: Int, from list: String) {
        interview.removeItem(position, from: list)
        let moved = { (path: String) in AnswerSheet.path(path, afterRemoving: position, from: list) }
        typed = Dictionary(typed.compactMap { path, text in moved(path).map { ($0, text) } }, uniquingKeysWith: { first, _ in first })
        problems = problems.compactMap { problem in moved(problem.path).map { AnswerProblem(path: $0, message: problem.message) } }
    }

    /// The questions of a page that shows every answer so far: the screening questions, then each
    /// answered field outside the lists they show, in schema order.
    mutating func showAllAnswers() {
        let screening = interview.screening.map(\.path)
        questions = screening
        for path in interview.answered.map(\.path) + typed.keys.sorted() where !shows(path) { questions.append(path) }
        let schema = interview.schema
        questions.sort { Self.order($0, schema).lexicographicallyPrecedes(Self.order($1, schema)) }
    }
}

extension DocumentNode {
    /// The JSON the interview's profile is recorded as: quoted scalars as strings, others as they are.
    var json: JSONValue {
        switch self {
        case .scalar(let text, let quoted, _):
            if quoted { return .string(text) }
            if text == "true" || text == "false" { return .bool(text == "true") }
            return .number(text)
        case .null: return .null
        case .sequence(let items, _): return .array(items.map(\.json))
        case .mapping(let pairs, _): return .object(pairs.map { ($0.key, $0.value.json) })
        }
    }
}
