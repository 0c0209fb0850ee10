import Eligibility
import IntakeRegister

/// The household's history every assessment at the desk is given: the grants the register holds for
/// the open household the applicant belongs to (by ID number), from 1 January of the year before the
/// assessment date up to that date, the span the rules' "this year" and "the last twelve months" read.
/// The register is the authority: a client cannot hand in a history of its own.
extension IntakeApplication {
    /// The history for an assessment of the applicant with `idNumber` on `date`; empty when the
    /// applicant has no ID number or belongs to no open household.
    func history(ofApplicant idNumber: String?, on date: CivilDate) async throws -> History {
        guard let idNumber, let household = try await register.household(memberIDNumber: idNumber) else { return .empty }
        let window = Self.historyWindow(on: date)
        return Self.history(try await register.grants(householdID: household.id, from: window.from, to: window.to), on: date)
    }

    /// From 1 January of the year before `date` up to `date`, both included.
    static func historyWindow(on date: CivilDate) -> (from: CivilDate?, to: CivilDate) {
        (CivilDate(year: date.year - 1, month: 1, day: 1), date)
    }

    /// The register's grants as the history of an assessment on `date`: those in its window, in date order.
    static func history(_ grants: [StoredGrant], on date: CivilDate) -> History {
        let window = historyWindow(on: date)
        return History(grants: grants.filter { grant in
            grant.grantedOn <= window.to && window.from.map { $0 <= grant.grantedOn } ?? true
        }.map(PastGrant.init))
    }
}

extension PastGrant {
    /// A grant on record as the rules read it: a monthly schedule pays its monthly amount each month;
    /// the reference names the register's grant, for the trace.
    init(_ grant: StoredGrant) {
        switch grant.period {
        case .once:
            self.init(programme: grant.programme, fund: grant.fund, amount: Money(fen: grant.amountFen), granted: grant.grantedOn,
                      reference: "发放记录 \(grant.id)")
        case .monthly(let monthlyFen, let months):
            self.init(programme: grant.programme, fund: grant.fund, amount: Money(fen: monthlyFen), granted: grant.grantedOn,
                      schedule: .monthly(months: months), reference: "发放记录 \(grant.id)")
        }
    }
}
