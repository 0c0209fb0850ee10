/// The problems of a posted page above its form (error-summary.mustache), in page order, each linked to
/// its field's block (which starts with the label, so the label is in view). Every page with a form
/// shows its problems through this one view.
struct ErrorSummary: PageView {
    struct Problem: PageView {
        /// The id of the field's block, when the page shows the field.
        let target: String?
        let label: String
        let message: String
    }

    let count: Int
    let problems: [Problem]

    /// nil when there is nothing to correct.
    init?(_ problems: [Problem]) {
        guard !problems.isEmpty else { return nil }
        count = problems.count
        self.problems = problems
    }
}
