import ArgumentParser
import Eligibility
import IntakeRegister

/// `--caseload`: the applicants on a register instead of files, for `batch` and `diff`.
struct CaseloadOptions: ParsableArguments {
    @Flag(name: .long, help: """
        Assess the register's caseload instead of files: the newest entry of each applicant on --db, \
        with the grants on record for their household (less those confirmed from that entry).
        """)
    var caseload = false

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help + " (with --caseload)"))
    var db: String = "bangfu.sqlite"

    @Option(name: .long, help: "With --caseload: how many of the register's newest entries the applicants are drawn from.")
    var entries: Int = 100_000

    /// The caseload on `date`, or a message and exit 1 when the register cannot be opened.
    func load(on date: CivilDate, command: String) async throws -> [CaseloadApplicant] {
        do {
            return try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                try await register.caseload(on: date, entries: entries)
            }
        } catch let notOpened as RegisterNotOpened {
            printError("bangfu \(command): \(notOpened)")
            throw ExitCode(1)
        }
    }
}
