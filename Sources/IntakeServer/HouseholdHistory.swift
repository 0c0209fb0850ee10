import Eligibility
import IntakeRegister

/// The household's history every assessment at the desk is given: the grants the register holds for
/// the open household the applicant belongs to (by ID number), in the window the rules' "this year"
/// and "the last twelve months" read (`History.window(on:)`, beside the conversion in IntakeRegister,
/// which `bangfu review` shares). The register is the authority: a client cannot hand in a history of
/// its own.
extension IntakeApplication {
    /// The history for an assessment of the applicant with `idNumber` on `date`; empty when the
    /// applicant has no ID number or belongs to no open household.
    func history(ofApplicant idNumber: String?, on date: CivilDate) async throws -> History {
        guard let idNumber, let household = try await register.household(memberIDNumber: idNumber) else { return .empty }
        return try await register.history(ofHousehold: household.id, on: date)
    }
}
