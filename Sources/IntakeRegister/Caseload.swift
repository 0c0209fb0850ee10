import Eligibility

/// An applicant on file, as a rule change is tried on them: their newest entry's profile, with the
/// history the register holds for their household.
package struct CaseloadApplicant: Sendable {
    package var entry: StoredAssessment
    /// The household's grants in the window of an assessment on the caseload's date, less the grants
    /// confirmed from `entry` itself: those are what `entry` decided, not what it was decided with (as
    /// a confirmation re-checks them), so a change shows what each applicant's decisions become.
    package var history: History
}

extension Register {
    /// The newest entry of each applicant on the register (by ID number in its standard form, else by
    /// name), among the newest `entries`, each with their household's history on `date`. An applicant in
    /// no household has no grants on record.
    package func caseload(on date: CivilDate, entries: Int) async throws -> [CaseloadApplicant] {
        var seen: Set<String> = []
        var applicants: [CaseloadApplicant] = []
        for summary in try await search(RegisterQuery(limit: entries)) {
            let person = summary.applicantID.map(ChineseIDNumber.normalised) ?? summary.applicantName ?? "#\(summary.id)"
            guard seen.insert(person).inserted, let entry = try await assessment(id: summary.id) else { continue }
            var history = History.empty
            if let idNumber = summary.applicantID, let household = try await household(memberIDNumber: idNumber) {
                let window = History.window(on: date)
                let grants = try await grants(householdID: household.id, from: window.from, to: window.to)
                history = History(onRecord: grants.filter { $0.assessmentID != entry.id }, on: date)
            }
            applicants.append(CaseloadApplicant(entry: entry, history: history))
        }
        return applicants
    }
}
