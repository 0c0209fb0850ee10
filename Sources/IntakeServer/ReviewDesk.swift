import Eligibility
import Hummingbird
import IntakeRegister

/// 年度复核 on the desk (officers): the files due for their yearly review re-assessed with the running
/// rules (`HardshipReview`, which `bangfu review` shares), and a form recording every finding shown.
extension IntakeApplication {
    func addReviewPages(to router: Router<IntakeContext>) {
        router.get("/review") { request, _ in
            try await page(request) { session in
                guard session.account.role.changesHardshipFiles else { return forbidden(session, "年度复核由经办人办理。") }
                let recorded = request.uri.queryParameters.get("recorded", as: Int.self)
                return HTMLResponse.make(ReviewPage.render(try await reviewLines(recording: nil), on: today(), recorded: recorded, session: session))
            }
        }
        router.post("/review") { request, _ in
            let (posted, _) = try await postedForm(request)
            guard let posted else { return HTMLResponse.redirect("/login?next=/review") }
            guard let session = posted.valid else { return Self.csrfRefused() }
            guard session.account.role.changesHardshipFiles else { return forbidden(session, "年度复核由经办人办理。") }
            let lines = try await reviewLines(recording: session.account.name)
            let recorded = lines.filter { $0.recorded != nil }.count
            logger.info("hardship files reviewed", metadata: ["recorded": "\(recorded)", "actor": "\(loggable(session.account.name))"])
            return HTMLResponse.redirect("/review?recorded=\(recorded)")
        }
    }

    /// The files due today, each re-assessed; recorded as reviews by `account` when one is given.
    func reviewLines(recording account: String?) async throws -> [HardshipReview.Line] {
        let rules = engine.current
        let reviewer = HardshipReview(register: register, ruleSet: rules.ruleSet, pool: rules.pool)
        let day = today()
        var lines: [HardshipReview.Line] = []
        for file in try await reviewer.files(on: day) {
            var line = try await reviewer.review(file, on: day)
            if let account { line = try await reviewer.record(line, on: day, by: account) }
            lines.append(line)
        }
        return lines
    }
}
