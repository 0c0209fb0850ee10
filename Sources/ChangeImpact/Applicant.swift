import CaseTesting
import Eligibility
import Foundation
import IntakeRegister

/// Someone to assess under two rule sets: a profile document, and the date and parameter overrides a
/// case file gives (none for a plain profile, which takes the date asked for).
package struct Applicant: Sendable {
    /// Where it came from: `Cases/01-x.yaml`, `people.jsonl:17`.
    package var source: String
    package var label: String
    package var profile: DocumentNode
    package var date: CivilDate?
    package var parameterOverrides: [(path: String, value: DocumentNode)]
    package var history: ApplicantHistory = .given(nil)
    /// The file the profile was read from (for a case, the profile file it names, or the case file);
    /// messages about the profile name it.
    package var profileSource: String
    package var isCase: Bool
}

package enum ApplicantLoader {
    /// Reads case files, profile files (YAML or JSON), JSON-lines files (one profile a line) and
    /// folders of any of these.
    package static func load(_ paths: [String]) throws(DiagnosticList) -> [Applicant] {
        let (files, missing) = InputFiles.expand(paths, extensions: ["yaml", "yml", "json", "jsonl"])
        var found: [Applicant] = []
        var problems = missing
        for file in files {
            do {
                found += try read(file.path)
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        // A profile file that a case names is that case's applicant: count it once.
        let named = Set(found.compactMap { $0.isCase ? $0.profileSource : nil })
        return found.filter { $0.isCase || !named.contains($0.source) }
    }

    static func read(_ file: String) throws(DiagnosticList) -> [Applicant] {
        if (file as NSString).pathExtension.lowercased() == "jsonl" { return try jsonLines(file) }
        let document: DocumentNode
        do {
            document = try DocumentNode.load(contentsOf: URL(fileURLWithPath: file), displayName: file)
        } catch {
            throw DiagnosticList([error])
        }
        if document["expect"] != nil || document["cases"] != nil {
            return try CaseFileLoader.load(file).map { testCase in
                Applicant(source: testCase.line.map { "\(file):\($0)" } ?? file, label: testCase.name,
                          profile: testCase.profile, date: testCase.date, parameterOverrides: testCase.parameterOverrides,
                          history: .given(testCase.history), profileSource: testCase.profileSource, isCase: true)
            }
        }
        return [Applicant(source: file, label: file, profile: document, date: nil, parameterOverrides: [],
                          profileSource: file, isCase: false)]
    }

    static func jsonLines(_ file: String) throws(DiagnosticList) -> [Applicant] {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw DiagnosticList([Diagnostic(file: file, message: Text(zh: "无法打开", en: "cannot open it"))])
        }
        defer { try? handle.close() }
        var reader = JSONLinesReader(handle: handle)
        var applicants: [Applicant] = []
        var problems: [Diagnostic] = []
        while let (line, text) = reader.next(file: file) {
            let place = "\(file):\(line)"
            do {
                let document = try DocumentNode.parse(text.get(), displayName: file, json: true, line: line)
                applicants.append(Applicant(source: place, label: place, profile: document, date: nil, parameterOverrides: [],
                                            profileSource: file, isCase: false))
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return applicants
    }
}

/// The grants an applicant is assessed with.
package enum ApplicantHistory: Sendable {
    /// A case file's `history:`, or none (a profile document holds its own in `profile`).
    case given(DocumentNode?)
    /// The register's grants for the applicant's household.
    case onRecord(History)
}

extension Applicant {
    /// An applicant on the register: their newest entry's profile with their household's grants,
    /// assessed on the date asked for. Nil when the stored profile cannot be read.
    package init?(_ applicant: CaseloadApplicant) {
        let source = "登记簿 #\(applicant.entry.id)"
        guard let profile = try? DocumentNode.parse(applicant.entry.profileJSON, displayName: source, json: true) else { return nil }
        self.init(source: source, label: applicant.entry.applicantName ?? source, profile: profile, date: nil, parameterOverrides: [],
                  history: .onRecord(applicant.history), profileSource: source, isCase: false)
    }
}
