import ArgumentParser
import DecisionFormats
import Eligibility
import Foundation
import Interview

struct InterviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interview",
        abstract: "Interview an applicant in the terminal, asking only what the rules need.",
        discussion: """
            Asks the rule set's screening questions (schema.yaml, screening:), assesses, then asks one at a \
            time, in Chinese, exactly the fields the needs-information decisions named, round after round, \
            until nothing is missing. Type 完成 to record the assessment as it stands; an empty answer leaves \
            a field unknown; 无 answers a field that allows none. Then prints the decision sheet (with what \
            the applicant should bring) and writes the profile it built as YAML, so an officer can try a \
            rule change the way a clerk meets it. Answers come from standard input, one per line.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date (YYYY-MM-DD); default today.")
    var on: CivilDate?

    @Option(name: .long, help: "Where to write the profile built (YAML).")
    var output: String = "interview-profile.yaml"

    /// Typed to stop asking and record the assessment as it stands.
    static let finish = "完成"

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        let date = on ?? CivilDate.today()
        var interview = Interview(schema: ruleSet.schema)
        var terminal = Terminal()
        terminal.say("帮扶资格面谈 · \(ruleSet.title) · 评估日期 \(date)")
        terminal.say("每次回答一项后按回车；不清楚的直接回车（该项记为未知）；输入“\(Self.finish)”按目前情况出具评估单。")

        var stopped = !ask(interview.screening, in: &interview, terminal: &terminal)
        var round: InterviewRound?
        while true {
            switch interview.assess(with: assessor, on: date, source: output) {
            case .failure(let problems):
                // Only a required field left unanswered gets here: ask it again.
                let again = problems.diagnostics.compactMap { $0.path.flatMap { interview.question(at: $0) } }
                guard !stopped, !again.isEmpty, ask(again, in: &interview, terminal: &terminal) else {
                    terminal.say("面谈未完成，无法评估：还需要 " + again.map(\.label).joined(separator: "、"))
                    throw ExitCode(1)
                }
                continue
            case .success(let result):
                round = result
            }
            guard let current = round, !current.isComplete, !stopped else { break }
            let counts = Dictionary(grouping: current.assessment.decisions, by: \.outcome).mapValues(\.count)
            terminal.say("")
            terminal.say("第 \(interview.rounds) 轮评估：" + Outcome.allCases.compactMap { outcome in
                counts[outcome].map { "\(DecisionLabels.outcome(outcome)) \($0) 项" }
            }.joined(separator: "，") + "。还需要了解 \(current.questions.count) 项：")
            let fresh = interview.fresh(current)
            if fresh.isEmpty { break }
            stopped = !ask(fresh, in: &interview, terminal: &terminal)
        }
        guard let round else { return }
        terminal.say("")
        terminal.write(DecisionSheet().render(round.assessment))
        let header = ["由 bangfu interview 生成：\(ruleSet.title)，评估日期 \(date)",
                      "\(interview.rounds) 轮评估，回答 \(interview.answers.answers.count) 项，问过 \(interview.asked.count) 项"]
        do {
            try interview.answers.yaml(ruleSet.schema, header: header).write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            printError("bangfu: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        terminal.say("档案已保存：\(output)（\(interview.rounds) 轮评估，回答 \(interview.answers.answers.count) 项）")
    }

    /// Asks `questions` section by section; false when the clerk typed 完成 or the input ended.
    private func ask(_ questions: [InterviewQuestion], in interview: inout Interview, terminal: inout Terminal) -> Bool {
        var section: String?
        var pending = questions[...]
        while let question = pending.popFirst() {
            if interview.answers[question.path] != nil { continue }  // answered already (from the ID number)
            if question.section != section {
                section = question.section
                terminal.say("【\(question.section)】")
            }
            if case .list = question.field.type {
                guard let count = askCount(question, terminal: &terminal) else { return false }
                var added: [InterviewQuestion] = []
                for _ in 0..<count {
                    added += interview.itemQuestions(question.path, position: interview.answers.addItem(to: question.path))
                }
                interview.answer(question, nil)
                pending = added[...] + pending
                continue
            }
            while true {
                guard let line = terminal.ask(question.label + (question.format.map { "（\($0)）" } ?? "") + "：") else { return false }
                if line.trimmingCharacters(in: .whitespaces) == Self.finish { return false }
                switch interview.read(line, for: question) {
                case .success(let answer):
                    let implied = interview.answer(question, answer)
                    if !implied.isEmpty {
                        terminal.say("  （由身份证号得出：" + implied.compactMap { q in interview.answers[q.path].map { "\(q.label) \(AnswerHints.text(of: $0, for: q.field))" } }
                            .joined(separator: "，") + "）")
                    }
                case .failure(let problem):
                    terminal.say("  × \(problem.message)")
                    continue
                }
                break
            }
        }
        return true
    }

    private func askCount(_ question: InterviewQuestion, terminal: inout Terminal) -> Int? {
        while true {
            guard let line = terminal.ask("\(question.label)：有几人（项）？（整数，没有的填 0）："),
                  line.trimmingCharacters(in: .whitespaces) != Self.finish else { return nil }
            if let count = Int(line.trimmingCharacters(in: .whitespaces)), (0...50).contains(count) { return count }
            terminal.say("  × 请填写整数，如 2")
        }
    }
}

/// Standard input and output, a line at a time; prompts are flushed before reading. Answers that come
/// from a file or a pipe are echoed, so the transcript reads as the interview went.
private struct Terminal {
    let echoes = isatty(STDIN_FILENO) == 0

    func say(_ text: String) { print(text) }
    func write(_ text: String) { print(text, terminator: "") }

    /// The next line typed after `prompt`, or nil at the end of the input.
    func ask(_ prompt: String) -> String? {
        print(prompt, terminator: "")
        fflush(nil)  // every output stream: the prompt shows before the answer is read
        let line = readLine()
        if line == nil || echoes { print(line ?? "") }
        return line
    }
}
