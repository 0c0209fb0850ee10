import Eligibility
import Foundation
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func openHousehold(_ household: NewHousehold) async throws -> StoredHousehold {
        guard !household.members.isEmpty else { throw HouseholdError.noMembers }
        var seen: Set<String> = []
        for member in household.members where !seen.insert(member.idNumber).inserted {
            throw HouseholdError.duplicateMember(idNumber: member.idNumber)
        }
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in
            guard try await !connection.query("SELECT 1 FROM assessments WHERE id = \(household.assessmentID)", logger: logger).collect().isEmpty else {
                throw HouseholdError.noSuchAssessment(household.assessmentID)
            }
            try await Self.lockPeople(household.members.map(\.idNumber), connection, logger)
            let id = try await connection.query("""
                INSERT INTO households (assessment_id, opened_on, opened_by, created_at)
                VALUES (\(household.assessmentID), \(household.openedOn.description), \(household.openedBy), \(createdAt)) RETURNING id
                """, logger: logger).collect()[0].decode(Int64.self)
            for member in household.members { try await Self.insert(member, householdID: id, connection, logger) }
            return try await Self.household(id: id, connection, logger)!
        }
    }

    package func household(id: Int64) async throws -> StoredHousehold? {
        try await transaction { connection, logger in try await Self.household(id: id, connection, logger) }
    }

    package func household(memberIDNumber: String) async throws -> StoredHousehold? {
        let idNumber = ChineseIDNumber.normalised(memberIDNumber)
        return try await transaction { connection, logger in
            guard let id = try await Self.openHouseholdID(of: idNumber, connection, logger) else { return nil }
            return try await Self.household(id: id, connection, logger)
        }
    }

    package func addMember(_ member: HouseholdMember, householdID: Int64) async throws {
        try await transaction { connection, logger in
            try await Self.lockOpenHousehold(householdID, connection, logger)
            try await Self.lockPeople([member.idNumber], connection, logger)
            try await Self.insert(member, householdID: householdID, connection, logger)
        }
    }

    package func removeMember(idNumber: String, householdID: Int64) async throws {
        let idNumber = ChineseIDNumber.normalised(idNumber), leftAt = Self.timestamp()
        try await transaction { connection, logger in
            try await Self.lockOpenHousehold(householdID, connection, logger)
            let removed = try await connection.query("""
                UPDATE household_members SET left_at = \(leftAt), in_open_household = false
                WHERE household_id = \(householdID) AND id_number = \(idNumber) AND left_at IS NULL RETURNING id_number
                """, logger: logger).collect()
            guard removed.count == 1 else { throw HouseholdError.noSuchMember(idNumber: idNumber, householdID: householdID) }
        }
    }

    package func closeHousehold(id: Int64, closing: HouseholdClosing) async throws {
        try await transaction { connection, logger in
            try await Self.lockOpenHousehold(id, connection, logger)
            if let file = try await Self.hardshipFiles(householdID: id, connection, logger).first(where: { $0.holds(on: closing.on) }) {
                throw HouseholdError.hardshipFileOpen(householdID: id, fileID: file.id)
            }
            try await connection.query("""
                UPDATE households SET closed_on = \(closing.on.description), closed_by = \(closing.by), closed_reason = \(closing.reason)
                WHERE id = \(id)
                """, logger: logger)
            try await connection.query("UPDATE household_members SET in_open_household = false WHERE household_id = \(id)", logger: logger)
        }
    }

    /// Takes each person's lock (by ID number, in order, so two desks never wait on each other in a
    /// circle) until the transaction ends: the check that a person is in no other open household and
    /// the insert are then one step for that person, from any number of desks. The partial unique
    /// index stays the last guard.
    private static func lockPeople(_ idNumbers: [String], _ connection: PostgresConnection, _ logger: Logger) async throws {
        for idNumber in Set(idNumbers.map(ChineseIDNumber.normalised)).sorted() {
            try await connection.query("SELECT pg_advisory_xact_lock(\(personLockClass), hashtext(\(idNumber)))", logger: logger)
        }
    }

    /// The first key of a person's advisory lock (the migrations' lock is a single key of another range).
    private static let personLockClass: Int32 = 1

    /// Adds `member` to the household (again, if they left it), unless they belong to an open one.
    private static func insert(_ member: HouseholdMember, householdID: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        if let other = try await openHouseholdID(of: member.idNumber, connection, logger) {
            throw other == householdID
                ? HouseholdError.duplicateMember(idNumber: member.idNumber)
                : HouseholdError.memberOfAnotherHousehold(idNumber: member.idNumber, householdID: other)
        }
        try await connection.query("""
            INSERT INTO household_members (household_id, id_number, name, relation, position, in_open_household)
            VALUES (\(householdID), \(member.idNumber), \(member.name), \(member.relation),
                    (SELECT COALESCE(MAX(position), 0) + 1 FROM household_members WHERE household_id = \(householdID)), true)
            ON CONFLICT (household_id, id_number) DO UPDATE SET
                name = excluded.name, relation = excluded.relation, position = excluded.position, left_at = NULL, in_open_household = true
            """, logger: logger)
    }

    /// The open household of `member`, or one opened now with them alone (the person's lock held, as
    /// `openHousehold` holds it, so two desks never open two).
    static func householdOpened(for member: HouseholdMember, assessmentID: Int64, _ opening: ReferralOpening, createdAt: String,
                                _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        try await lockPeople([member.idNumber], connection, logger)
        if let id = try await openHouseholdID(of: member.idNumber, connection, logger) { return id }
        let id = try await connection.query("""
            INSERT INTO households (assessment_id, opened_on, opened_by, created_at)
            VALUES (\(assessmentID), \(opening.on.description), \(opening.by), \(createdAt)) RETURNING id
            """, logger: logger).collect()[0].decode(Int64.self)
        try await insert(member, householdID: id, connection, logger)
        return id
    }

    private static func openHouseholdID(of idNumber: String, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64? {
        try await connection.query("SELECT household_id FROM household_members WHERE id_number = \(idNumber) AND in_open_household",
                                   logger: logger).collect().first?.decode(Int64.self)
    }

    /// Locks the household's row until the transaction ends (`SELECT … FOR UPDATE`): whatever the
    /// transaction then reads of the household (its grants, its files) cannot change before it
    /// commits, whichever desk writes. Throws unless the household is there and open.
    static func lockOpenHousehold(_ id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        guard let row = try await connection.query("SELECT closed_on FROM households WHERE id = \(id) FOR UPDATE", logger: logger).collect().first else {
            throw HouseholdError.noSuchHousehold(id)
        }
        guard try row.decode(String?.self) == nil else { throw HouseholdError.householdClosed(id) }
    }

    static func household(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> StoredHousehold? {
        guard let row = try await connection.query("""
            SELECT assessment_id, opened_on, opened_by, closed_on, closed_by, closed_reason FROM households WHERE id = \(id)
            """, logger: logger).collect().first else { return nil }
        let (assessmentID, openedOn, openedBy, closedOn, closedBy, closedReason) =
            try row.decode((Int64, String, String, String?, String?, String?).self)
        var members: [HouseholdMember] = []
        for try await (idNumber, name, relation) in try await connection.query("""
            SELECT id_number, name, relation FROM household_members WHERE household_id = \(id) AND left_at IS NULL ORDER BY position
            """, logger: logger).decode((String, String, String).self) {
            members.append(HouseholdMember(idNumber: idNumber, name: name, relation: relation))
        }
        let closing = try closedOn.map { HouseholdClosing(on: try StoredValue.date($0, "households.closed_on"), by: closedBy ?? "", reason: closedReason ?? "") }
        return StoredHousehold(id: id, assessmentID: assessmentID, openedOn: try StoredValue.date(openedOn, "households.opened_on"),
                               openedBy: openedBy, members: members, closing: closing)
    }
}

// MARK: Hardship files

extension PostgresRegister {
    package func openHardshipFile(householdID: Int64, tier: HardshipTier, openedOn: CivilDate, openedBy: String) async throws -> StoredHardshipFile {
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in
            try await Self.lockOpenHousehold(householdID, connection, logger)
            if let file = try await Self.hardshipFiles(householdID: householdID, connection, logger).first(where: { $0.holds(on: openedOn) }) {
                throw HouseholdError.hardshipFileOpen(householdID: householdID, fileID: file.id)
            }
            let file = try await Self.hardshipFile(connection.query("""
                INSERT INTO hardship_files (household_id, tier, status, opened_on, opened_by, status_since, status_by, created_at)
                VALUES (\(householdID), \(tier.rawValue), \(HardshipFileStatus.opened.rawValue), \(openedOn.description), \(openedBy),
                        \(openedOn.description), \(openedBy), \(createdAt))
                RETURNING \(unescaped: Self.hardshipFileColumns)
                """, logger: logger).collect()[0])
            try await Self.insert(HardshipFileEvent(status: .opened, on: openedOn, by: openedBy, reason: nil), fileID: file.id, connection, logger)
            return file
        }
    }

    package func moveHardshipFile(id: Int64, to status: HardshipFileStatus, reason: String?, on: CivilDate, by: String) async throws -> StoredHardshipFile {
        try await transaction { connection, logger in
            guard let row = try await connection.query("SELECT \(unescaped: Self.hardshipFileColumns) FROM hardship_files WHERE id = \(id) FOR UPDATE",
                                                       logger: logger).collect().first else {
                throw HouseholdError.noSuchHardshipFile(id)
            }
            let file = try Self.hardshipFile(row)
            guard file.status.mayMove(to: status) else {
                throw HouseholdError.hardshipFileMoveNotAllowed(fileID: id, from: file.status, to: status)
            }
            if status == .closed, reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
                throw HouseholdError.reasonRequired(fileID: id)
            }
            let moved = try await Self.hardshipFile(connection.query("""
                UPDATE hardship_files SET status = \(status.rawValue), status_since = \(on.description), status_by = \(by), reason = \(reason)
                WHERE id = \(id) RETURNING \(unescaped: Self.hardshipFileColumns)
                """, logger: logger).collect()[0])
            try await Self.insert(HardshipFileEvent(status: status, on: on, by: by, reason: reason), fileID: id, connection, logger)
            return moved
        }
    }

    package func hardshipFiles(householdID: Int64) async throws -> [StoredHardshipFile] {
        try await transaction { connection, logger in try await Self.hardshipFiles(householdID: householdID, connection, logger) }
    }

    static func hardshipFiles(householdID: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> [StoredHardshipFile] {
        try await connection.query("SELECT \(unescaped: hardshipFileColumns) FROM hardship_files WHERE household_id = \(householdID) ORDER BY id",
                                   logger: logger).collect().map(hardshipFile)
    }

    private static let hardshipFileColumns = "id, household_id, tier, status, opened_on, opened_by, status_since, status_by, reason, last_reviewed_on"

    private static func hardshipFile(_ row: PostgresRow) throws -> StoredHardshipFile {
        let (id, householdID, tier, status, openedOn, openedBy, statusSince, statusBy, reason, lastReviewedOn) =
            try row.decode((Int64, Int64, String, String, String, String, String, String, String?, String?).self)
        return StoredHardshipFile(id: id, householdID: householdID, tier: try StoredValue.code(tier, "hardship_files.tier"),
                                  status: try StoredValue.code(status, "hardship_files.status"),
                                  openedOn: try StoredValue.date(openedOn, "hardship_files.opened_on"), openedBy: openedBy,
                                  statusSince: try StoredValue.date(statusSince, "hardship_files.status_since"), statusBy: statusBy, reason: reason,
                                  lastReviewedOn: try lastReviewedOn.map { try StoredValue.date($0, "hardship_files.last_reviewed_on") })
    }

    private static func insert(_ event: HardshipFileEvent, fileID: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO hardship_file_events (file_id, status, on_date, by_account, reason)
            VALUES (\(fileID), \(event.status.rawValue), \(event.on.description), \(event.by), \(event.reason))
            """, logger: logger)
    }
}

// MARK: Finding households, files' lives and their reviews

extension PostgresRegister {
    package func households(matching query: HouseholdQuery) async throws -> [StoredHousehold] {
        let idNumber = query.idNumber.map(ChineseIDNumber.normalised), limit = max(query.limit, 1)
        return try await transaction { connection, logger in
            var households: [StoredHousehold] = []
            for row in try await connection.query("""
                SELECT DISTINCT household_id FROM household_members
                WHERE left_at IS NULL
                  AND (\(idNumber)::text IS NULL OR id_number = \(idNumber)::text)
                  AND (\(query.name)::text IS NULL OR strpos(lower(name), lower(\(query.name)::text)) > 0)
                ORDER BY household_id DESC LIMIT \(limit)
                """, logger: logger).collect() {
                if let household = try await Self.household(id: try row.decode(Int64.self), connection, logger) { households.append(household) }
            }
            return households
        }
    }

    package func hardshipFile(id: Int64) async throws -> StoredHardshipFile? {
        try await query("SELECT \(unescaped: Self.hardshipFileColumns) FROM hardship_files WHERE id = \(id)").first.map(Self.hardshipFile)
    }

    package func hardshipFileHistory(id: Int64) async throws -> [HardshipFileEvent] {
        try await query("SELECT status, on_date, by_account, reason FROM hardship_file_events WHERE file_id = \(id) ORDER BY id").map { row in
            let (status, on, by, reason) = try row.decode((String, String, String, String?).self)
            return HardshipFileEvent(status: try StoredValue.code(status, "hardship_file_events.status"),
                                     on: try StoredValue.date(on, "hardship_file_events.on_date"), by: by, reason: reason)
        }
    }

    package func openHardshipFiles() async throws -> [StoredHardshipFile] {
        try await query("""
            SELECT \(unescaped: Self.hardshipFileColumns) FROM hardship_files WHERE status <> \(HardshipFileStatus.closed.rawValue) ORDER BY id
            """).map(Self.hardshipFile)
    }

    package func recordReview(_ review: NewHardshipReview) async throws -> StoredHardshipReview {
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in
            guard let row = try await connection.query("SELECT \(unescaped: Self.hardshipFileColumns) FROM hardship_files WHERE id = \(review.fileID) FOR UPDATE",
                                                       logger: logger).collect().first else {
                throw HouseholdError.noSuchHardshipFile(review.fileID)
            }
            guard try Self.hardshipFile(row).status != .closed else { throw HouseholdError.hardshipFileClosed(review.fileID) }
            guard try await !connection.query("SELECT 1 FROM assessments WHERE id = \(review.assessmentID)", logger: logger).collect().isEmpty else {
                throw HouseholdError.noSuchAssessment(review.assessmentID)
            }
            let id = try await connection.query("""
                INSERT INTO hardship_reviews (file_id, assessment_id, reviewed_on, reviewed_by, finding, suggested_tier, created_at)
                VALUES (\(review.fileID), \(review.assessmentID), \(review.reviewedOn.description), \(review.reviewedBy),
                        \(review.finding.rawValue), \(review.suggestedTier?.rawValue), \(createdAt)) RETURNING id
                """, logger: logger).collect()[0].decode(Int64.self)
            try await connection.query("UPDATE hardship_files SET last_reviewed_on = \(review.reviewedOn.description) WHERE id = \(review.fileID)",
                                       logger: logger)
            return StoredHardshipReview(id: id, review: review)
        }
    }

    package func reviews(fileID: Int64) async throws -> [StoredHardshipReview] {
        try await query("""
            SELECT id, assessment_id, reviewed_on, reviewed_by, finding, suggested_tier FROM hardship_reviews WHERE file_id = \(fileID) ORDER BY id
            """).map { row in
            let (id, assessmentID, reviewedOn, reviewedBy, finding, suggestedTier) = try row.decode((Int64, Int64, String, String, String, String?).self)
            return StoredHardshipReview(id: id, review: NewHardshipReview(
                fileID: fileID, assessmentID: assessmentID, reviewedOn: try StoredValue.date(reviewedOn, "hardship_reviews.reviewed_on"),
                reviewedBy: reviewedBy, finding: try StoredValue.code(finding, "hardship_reviews.finding"),
                suggestedTier: try suggestedTier.map { try StoredValue.code($0, "hardship_reviews.suggested_tier") }))
        }
    }
}

// MARK: Model workers

extension PostgresRegister {
    package func putModelWorker(_ worker: ModelWorker) async throws {
        guard worker.monthlyTopUpFen >= 0 else { throw HouseholdError.negativeTopUp(idNumber: worker.idNumber) }
        try await query("""
            INSERT INTO model_workers (id_number, name, level, title_status, monthly_top_up_fen, payer, updated_on, updated_by)
            VALUES (\(worker.idNumber), \(worker.name), \(worker.level), \(worker.titleStatus), \(worker.monthlyTopUpFen), \(worker.payer),
                    \(worker.updatedOn.description), \(worker.updatedBy))
            ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, level = excluded.level, title_status = excluded.title_status,
                monthly_top_up_fen = excluded.monthly_top_up_fen, payer = excluded.payer, updated_on = excluded.updated_on,
                updated_by = excluded.updated_by
            """)
    }

    package func modelWorker(idNumber: String) async throws -> ModelWorker? {
        let idNumber = ChineseIDNumber.normalised(idNumber)
        return try await query("SELECT \(unescaped: Self.modelWorkerColumns) FROM model_workers WHERE id_number = \(idNumber)")
            .first.map(Self.modelWorker)
    }

    package func modelWorkers() async throws -> [ModelWorker] {
        try await query("SELECT \(unescaped: Self.modelWorkerColumns) FROM model_workers ORDER BY id_number").map(Self.modelWorker)
    }

    private static let modelWorkerColumns = "id_number, name, level, title_status, monthly_top_up_fen, payer, updated_on, updated_by"

    private static func modelWorker(_ row: PostgresRow) throws -> ModelWorker {
        let (idNumber, name, level, titleStatus, topUp, payer, updatedOn, updatedBy) =
            try row.decode((String, String, String, String, Int64, String, String, String).self)
        return ModelWorker(idNumber: idNumber, name: name, level: level, titleStatus: titleStatus, monthlyTopUpFen: topUp, payer: payer,
                           updatedOn: try StoredValue.date(updatedOn, "model_workers.updated_on"), updatedBy: updatedBy)
    }
}

/// Reading back what the register's text columns hold as dates and codes.
enum StoredValue {
    static func date(_ text: String, _ column: String) throws -> CivilDate {
        guard let date = CivilDate(text) else { throw UnreadableStoredValue(column: column, value: text) }
        return date
    }

    static func code<Code: RawRepresentable>(_ text: String, _ column: String) throws -> Code where Code.RawValue == String {
        guard let code = Code(rawValue: text) else { throw UnreadableStoredValue(column: column, value: text) }
        return code
    }
}

/// A value in the database that no version of the register writes: a date that is no date, a code no
/// enumeration holds.
struct UnreadableStoredValue: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "the register holds \(value.debugDescription) in \(column), which it cannot read" }
}
