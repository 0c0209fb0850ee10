import Eligibility
import Foundation

/// One question of an interview: a field of the profile, by path, as the applicant hears it.
package struct InterviewQuestion: Sendable, Hashable {
    package var path: String
    /// `本人月收入`, `家庭成员 2（李娜） · 月收入`.
    package var label: String
    /// The top-level section it belongs to; questions are asked section by section.
    package var section: String
    package var field: Field
    /// Its place in the schema (section, field, list position), for putting questions in interview order.
    package var order: [Int]
    /// How to type the answer, with an example; nil for plain text.
    package var format: String? { AnswerHints.format(field) }
    /// The document that proves the answer, where the schema names one.
    package var evidence: String? { field.evidence }

    init(_ missing: MissingInformation, field: Field) {
        path = missing.path
        label = missing.label
        section = missing.section
        self.field = field
        order = missing.order
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.path == rhs.path }
    package func hash(into hasher: inout Hasher) { hasher.combine(path) }
}

/// Questions of one section, in schema order.
package struct QuestionGroup: Sendable {
    package var section: String
    package var questions: [InterviewQuestion]

    /// `questions` (in interview order) cut where the section changes.
    package static func sections(_ questions: [InterviewQuestion]) -> [QuestionGroup] {
        var groups: [QuestionGroup] = []
        for question in questions {
            if groups.last?.section == question.section { groups[groups.count - 1].questions.append(question) }
            else { groups.append(QuestionGroup(section: question.section, questions: [question])) }
        }
        return groups
    }
}

/// A fact the rule set shows while the interview goes on (`interview: {show_facts: […]}` in
/// ruleset.yaml): the household's income so far, say. No value: the rules could not work it out.
package struct RunningFact: Sendable {
    package var id: String
    package var title: String
    package var value: FactValue.Value?
}

/// The interview a clerk holds with an applicant: first the rule set's screening questions, then, round
/// after round, exactly the fields that the `needs information` decisions named, until nothing is
/// missing or the clerk records the assessment as it stands. Every answer is kept across rounds.
///
/// The same for every medium: the desk's pages, the JSON API and `bangfu interview` hold one of these.
package struct Interview: Sendable {
    package let schema: Schema
    package var answers = AnswerSheet()
    /// Assessments made so far.
    package private(set) var rounds = 0
    /// Paths of the questions asked so far (screening, then each round's), once each.
    package private(set) var asked: [String] = []

    /// `answers`, `rounds` and `asked` carry on an interview held so far (a page posted back, a stored profile).
    package init(schema: Schema, answers: AnswerSheet = AnswerSheet(), rounds: Int = 0, asked: [String] = []) {
        self.schema = schema
        self.answers = answers
        self.rounds = rounds
        self.asked = asked
    }

    /// The screening questions: who the applicant is and what brought them. A list among them (the
    /// household) is asked as its items' required fields, once the clerk has said how many there are.
    package var screening: [InterviewQuestion] {
        schema.screening.compactMap { question(at: $0) }
    }

    /// The question for the field at `path`; `profile` names list items (`家庭成员 2（李娜）`).
    package func question(at path: String, in profile: Profile? = nil) -> InterviewQuestion? {
        guard let field = schema.field(at: path), let missing = schema.missingInformation(at: path, in: profile) else { return nil }
        return InterviewQuestion(missing, field: field)
    }

    /// The questions of item `position` of the list at `listPath`: its required fields, which come
    /// before any rule reads it, and those already answered, in schema order.
    package func itemQuestions(_ listPath: String, position: Int) -> [InterviewQuestion] {
        guard case .list(let item, _)? = schema.field(at: listPath)?.type else { return [] }
        let prefix = "\(listPath)[\(position)]."
        return item.fields.filter { field in
            switch field.type {
            case .object, .list: false
            default: field.isRequired || answers[prefix + field.name] != nil
            }
        }.compactMap { question(at: prefix + $0.name) }
    }

    /// Every answer given, as the question it answers, in schema order, list items named by their
    /// title field: what a review shows.
    package var answered: [InterviewQuestion] {
        let profile = try? ProfileValidator(schema: schema).validate(answers.document(schema), source: "interview")
        return answers.answers.keys.compactMap { question(at: $0, in: profile) }.sorted { $0.order.lexicographicallyPrecedes($1.order) }
    }

    /// The questions of `round` not asked before. A question asked and left unknown is not asked again
    /// round after round: it stays on the sheet as missing.
    package func fresh(_ round: InterviewRound) -> [InterviewQuestion] {
        round.questions.filter { !asked.contains($0.path) }
    }

    /// Reads a typed answer to `question`: the profile's grammar, with what people type at a desk too
    /// (dates as `19640508` or `1964-5-8`, 是/否, an option by its number, label or code, “无” where
    /// the schema allows none). An empty answer leaves the field unknown.
    package func read(_ typed: String, for question: InterviewQuestion) -> Result<AnswerSheet.Answer?, AnswerProblem> {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(nil) }
        let field = question.field
        if let none = field.notApplicable, text == "无" || text == none { return .success(AnswerSheet.Answer.none) }
        let problem = AnswerProblem(path: question.path, message: AnswerHints.problem(field, text))
        let value: String?
        switch field.type {
        case .date: value = CivilDate(typed: text)?.description
        // Amounts as the profile writes them (1,600.5 and １６００．５ are 1600.50); what does not read is
        // left to the validator below, whose problem the clerk is told.
        case .money: value = (try? Money.parse(yuan: text).get())?.plain ?? text
        case .boolean: value = ["是", "有", "y", "yes", "true", "1"].contains(text.lowercased()) ? "true"
            : ["否", "没有", "无", "n", "no", "false", "0"].contains(text.lowercased()) ? "false" : nil
        case .enumeration(let cases):
            if let number = Int(text), cases.indices.contains(number - 1) { value = cases[number - 1].code }
            else if let exact = cases.first(where: { $0.code == text || $0.label == text }) { value = exact.code }
            else {
                // Part of one option's label only (农村 for 农村户籍).
                let partial = cases.filter { $0.label.contains(text) }
                value = partial.count == 1 ? partial[0].code : nil
            }
        default: value = text
        }
        guard let value else { return .failure(problem) }
        // The validator is the one judge of a value: the answer is checked as the profile will be.
        var trial = answers
        trial.set(question.path, .text(value))
        let refused = Self.problems(of: trial, schema: schema).contains { $0.path == question.path }
        return refused ? .failure(problem) : .success(.text(value))
    }

    /// Removes item `position` of the list at `listPath` with its answers; the items after it move up,
    /// answers and what was asked of them alike.
    package mutating func removeItem(_ position: Int, from listPath: String) {
        answers.removeItem(position, from: listPath)
        asked = asked.compactMap { AnswerSheet.path($0, afterRemoving: position, from: listPath) }
    }

    /// Records an answer (nil: not known); the question counts as asked. An ID number also answers the
    /// birth date and sex beside it, where nobody has yet: those are returned, to be shown.
    @discardableResult
    package mutating func answer(_ question: InterviewQuestion, _ answer: AnswerSheet.Answer?) -> [InterviewQuestion] {
        answers.set(question.path, answer)
        if !asked.contains(question.path) { asked.append(question.path) }
        return fillAnswers(impliedBy: question.path)
    }

    /// Fills in, for every ID number answered, the birth date and sex beside it that nobody has given:
    /// a page that asks all three at once leaves the two blank, read after the number. Returns the
    /// questions answered so.
    @discardableResult
    package mutating func fillAnswersImpliedByIDNumbers() -> [InterviewQuestion] {
        idNumberAnswers.flatMap { fillAnswers(impliedBy: $0.path) }
    }

    /// Answers that contradict the ID number beside them (a birth date typed that is not the one the
    /// number carries), each with the value the number gives.
    package var answersContradictingIDNumbers: [AnswerProblem] {
        idNumberAnswers.flatMap { path, number in
            schema.answers(impliedBy: number, at: path).compactMap { implied -> AnswerProblem? in
                guard case .text(let given)? = answers[implied.path], given != implied.value,
                      let field = schema.field(at: implied.path) else { return nil }
                return AnswerProblem(path: implied.path, message: AnswerHints.contradictsIDNumber(field, implied: implied.value))
            }
        }
    }

    /// The ID numbers answered that read, by path.
    private var idNumberAnswers: [(path: String, number: ChineseIDNumber)] {
        answers.answers.keys.sorted().compactMap { path in
            guard schema.field(at: path)?.format == .idNumber, case .text(let text)? = answers[path],
                  let number = ChineseIDNumber(text) else { return nil }
            return (path, number)
        }
    }

    private mutating func fillAnswers(impliedBy path: String) -> [InterviewQuestion] {
        guard schema.field(at: path)?.format == .idNumber, case .text(let text)? = answers[path],
              let number = ChineseIDNumber(text) else { return [] }
        var implied: [InterviewQuestion] = []
        for (impliedPath, value) in schema.answers(impliedBy: number, at: path) where answers[impliedPath] == nil {
            answers.set(impliedPath, .text(value))
            if let question = self.question(at: impliedPath) { implied.append(question) }
        }
        return implied
    }

    /// Assesses the answers so far: the decisions, and the questions they leave, grouped by section in
    /// schema order. Fails only when the answers do not make a profile (a required field unanswered).
    /// The facts the rule set shows while the interview goes on are worked out too (`running`).
    /// `history`: the household's grants on record, which the desk reads from its register.
    package mutating func assess(with assessor: Assessor, on date: CivilDate, source: String = "interview",
                                 history: History = .empty) -> Result<InterviewRound, DiagnosticList> {
        rounds += 1
        let shown = assessor.ruleSet.interviewFacts.map(\.id)
        return assessor.assess(document: answers.document(schema), source: source, on: date, history: history,
                               alsoComputing: shown).map { assessment in
            let running = shown.map { id in
                let fact = assessment.facts.first { $0.id == id }
                return RunningFact(id: id, title: fact?.title ?? assessor.facts.first { $0.id == id }?.title ?? id, value: fact?.value)
            }
            return InterviewRound(assessment: assessment, running: running, questions: assessment.missing.compactMap { missing in
                schema.field(at: missing.path).map { InterviewQuestion(missing, field: $0) }
            })
        }
    }

    static func problems(of answers: AnswerSheet, schema: Schema) -> [Diagnostic] {
        do throws(DiagnosticList) {
            _ = try ProfileValidator(schema: schema).validate(answers.document(schema), source: "interview")
            return []
        } catch {
            return error.diagnostics
        }
    }
}

/// The result of one round: the assessment as it stands, and what is still to ask.
package struct InterviewRound: Sendable {
    package var assessment: Assessment
    /// The rule set's running facts (`interview: {show_facts: …}`), in its order.
    package var running: [RunningFact]
    package var questions: [InterviewQuestion]

    package var isComplete: Bool { questions.isEmpty }

    package var groups: [QuestionGroup] { QuestionGroup.sections(questions) }
}

/// An answer that cannot be taken, with what to type instead (Chinese).
package struct AnswerProblem: Error, Sendable, Hashable {
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
