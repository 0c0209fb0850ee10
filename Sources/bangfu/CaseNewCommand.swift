import ArgumentParser
import CaseTooling
import Eligibility
import Foundation
import IntakeRegister

struct CaseNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Turn an assessment on the register into a regression case, with who the people are replaced.",
        discussion: """
            The case holds the entry's profile as given, its ID numbers replaced by synthetic valid ones \
            with the same birth date and sex, the applicant's name by 申请人甲, household members' names \
            by 家庭成员1, 家庭成员2, … and text no rule reads (display_only) or holding a contact detail by \
            a placeholder; the household's history the assessment was given as `history:`; its date as \
            `on:`; and, as expectations, each programme's decision as recorded (outcome, cash and period, \
            goods in kind, services, entitlements, missing fields, reason codes). The file is written into \
            the Cases folder beside the rules folder (else ./Cases) as NN-register-ID-….yaml, NN the next \
            number there, or to --output; an existing file is never overwritten. An entry decided under \
            other rules than the folder's is converted with the schema of the rules it was decided under \
            (from the register), and the case expects what those rules decided. Exit status: 0 written, \
            1 the entry, the rules or the register cannot be read, the entry had a failing rule, or the \
            file exists.
            """
    )

    @Option(name: .customLong("from-register"), help: "The register entry (its number on the desk's sheet).")
    var entryID: Int64

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help))
    var db: String = "bangfu.sqlite"

    @Option(name: .long, help: "The case file to write (default: a new file in the Cases folder beside the rules).")
    var output: String?

    func run() async throws {
        let folderRules = try ruleSetOptions.loadRuleSet()
        let made: CaseFromAssessment
        do {
            made = try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                guard let entry = try await register.assessment(id: entryID) else {
                    throw CaseFromAssessment.Refused(description: "the register at \(db) has no entry \(entryID)")
                }
                var rules = folderRules
                if entry.ruleSetHash != folderRules.contentHash {
                    rules = try await register.storedRuleSet(hash: entry.ruleSetHash)
                    printError("bangfu case new: entry \(entryID) was decided under rule set \(entry.ruleSetHash.prefix(12)), "
                               + "not the folder's \(folderRules.contentHash.prefix(12)): the case expects what those rules decided")
                }
                return try CaseFromAssessment(entryID: entry.id, profileJSON: entry.profileJSON, decisionJSON: entry.decisionJSON, ruleSet: rules)
            }
        } catch let error as CaseFromAssessment.Refused {
            printError("bangfu case new: \(error)")
            throw ExitCode(1)
        } catch let error as StoredRuleSetError {
            printError("bangfu case new: \(error)")
            throw ExitCode(1)
        } catch let error as RegisterNotOpened {
            printError("bangfu case new: \(error)")
            throw ExitCode(1)
        }
        let path: String
        if let output {
            path = output
        } else if let folder = ruleSetOptions.casesBesideRules {
            path = (folder as NSString).appendingPathComponent(made.fileName(in: folder))
        } else {
            printError("bangfu case new: there is no Cases folder beside \(ruleSetOptions.rules) nor here: name the file with --output")
            throw ExitCode(1)
        }
        do {
            try Data(made.yaml.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it exists already (a case file is never overwritten)" : error.localizedDescription
            printError("bangfu case new: cannot write \(path): \(reason)")
            throw ExitCode(1)
        }
        print(path)
    }
}
