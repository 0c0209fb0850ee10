import Eligibility
import Foundation
import IntakeServer
import NIOCore

/// The intake form: a posted body as the desk reads it, the form it fills in, the profile the form
/// makes, and removing a list item as the form's 删除 button does.
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
        let form = AssessForm(posted: posted)
        for (path, count) in form.counts {
            try FuzzFinding.expect((0...200).contains(count), "the list \(path) shows \(count) items")
        }
        try expectProfile(from: form)
        for (path, count) in form.counts.sorted(by: { $0.key < $1.key }).prefix(removalsTried) where count > 0 {
            var shorter = form
            shorter.removeItem(1, of: path)
            try FuzzFinding.expect(shorter.counts[path] == count - 1, "removing an item of \(path) left \(shorter.counts[path] ?? 0) of \(count)")
            try FuzzFinding.expect(shorter.values.count <= form.values.count, "removing an item of \(path) added values")
            for (other, otherCount) in form.counts where other != path && !other.hasPrefix(path + "[") {
                try FuzzFinding.expect(shorter.counts[other] == otherCount, "removing an item of \(path) changed the list \(other)")
            }
            try expectProfile(from: shorter)
        }
    }

    /// The form's profile validates, or is refused with at least one problem; a validated profile
    /// holds no NUL (a form value is text someone typed).
    static func expectProfile(from form: AssessForm) throws(FuzzFinding) {
        let document = form.document(schema: schema)
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
