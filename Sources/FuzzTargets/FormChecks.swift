import Eligibility
import Foundation
import IntakeServer
import Interview
import NIOCore

/// The interview pages' form: a posted body as the desk reads it, the answers it carries, the profile
/// they make, answers carried hidden reading back as themselves, and removing a list item as 删除 does.
enum FormChecks {
    /// The sample rule set's schema (Rules/), the form's fields.
    static let schema: Schema = {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Rules").standardizedFileURL
        do {
            return try RuleSet.load(from: rules).schema
        } catch {
            fatalError("the sample rule set in \(rules.path) does not load: \(error)")
        }
    }()

    /// Lists whose item removal is tried for one input (a body can name hundreds).
    static let removalsTried = 8

    /// Answers whose carrying is tried for one input (each read checks the whole profile).
    static let carriesTried = 40

    static func form(_ bytes: [UInt8]) throws(FuzzFinding) {
        // As the desk reads a request body: strictly, or refused whole.
        let posted: FormData
        do {
            posted = try FormData(encoded: ByteBuffer(bytes: bytes))
        } catch {
            try FuzzFinding.expect(error.status == .badRequest, "a form refused with \(error.status)")
            return
        }
        let parts = bytes.split(separator: UInt8(ascii: "&")).count
        try FuzzFinding.expect(posted.pairs.count == parts, "\(parts) fields posted, \(posted.pairs.count) read")
        let form = InterviewForm(posted: posted, schema: schema)
        let names = Set(posted.pairs.map(\.name))
        for problem in form.problems {
            try FuzzFinding.expect(names.contains(problem.path), "a problem at \(problem.path), which was not posted")
        }
        let answers = form.interview.answers
        for (path, count) in answers.itemCounts {
            try FuzzFinding.expect((0...InterviewForm.maximumItems).contains(count), "the list \(path) shows \(count) items")
        }
        try expectProfile(from: answers)
        // What a page carries hidden reads back as itself on the next page.
        for (path, answer) in answers.answers.sorted(by: { $0.key < $1.key }).prefix(carriesTried) {
            guard let question = form.interview.question(at: path) else {
                throw FuzzFinding("an answer kept at \(path), which is no question")
            }
            let carried = switch answer { case .text(let text): text; case .none: InterviewForm.none }
            let reread = form.interview.read(carried, for: question)
            try FuzzFinding.expect(reread == .success(answer), "the answer at \(path) read back as \(reread)")
        }
        for (path, count) in answers.itemCounts.sorted(by: { $0.key < $1.key }).prefix(removalsTried) where count > 0 {
            var shorter = answers
            shorter.removeItem(1, from: path)
            try FuzzFinding.expect(shorter.itemCount(path) == count - 1, "removing an item of \(path) left \(shorter.itemCount(path)) of \(count)")
            try FuzzFinding.expect(shorter.answers.count <= answers.answers.count, "removing an item of \(path) added answers")
            for (other, otherCount) in answers.itemCounts where other != path && !other.hasPrefix(path + "[") {
                try FuzzFinding.expect(shorter.itemCounts[other] == otherCount, "removing an item of \(path) changed the list \(other)")
            }
            try expectProfile(from: shorter)
        }
    }

    /// The answers' profile validates, or is refused with at least one problem; a validated profile
    /// holds no NUL (a form value is text someone typed).
    static func expectProfile(from answers: AnswerSheet) throws(FuzzFinding) {
        let document = answers.document(schema)
        switch Result(catching: { () throws(DiagnosticList) in try ProfileValidator(schema: schema).validate(document, source: "form") }) {
        case .failure(let problems):
            try FuzzFinding.expect(!problems.diagnostics.isEmpty, "the form's profile was refused without a problem")
        case .success(let profile):
            var pending = Array(profile.fields.values)
            while let value = pending.popLast() {
                switch value {
                case .string(let text), .enumeration(let text):
                    try FuzzFinding.expect(!text.utf8.contains(0), "a NUL reached the profile in \"\(text)\"")
                case .object(let fields): pending += fields.values
                case .list(let items): pending += items
                case .integer, .boolean, .date, .money, .notApplicable: break
                }
            }
        }
    }
}
