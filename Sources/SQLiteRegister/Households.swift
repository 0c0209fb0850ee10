import Eligibility
import Foundation
import GRDB
import IntakeRegister

extension SQLiteRegister {
    /// Migration "v5-households": households and their members, hardship files, model workers.
    static func registerHouseholdsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-households") { db in
            try db.create(table: "households") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("assessment_id", .integer).notNull().references("assessments")
                t.column("opened_on", .text).notNull()
                t.column("opened_by", .text).notNull()
                t.column("created_at", .text).notNull()
                t.column("closed_on", .text)
                t.column("closed_by", .text)
                t.column("closed_reason", .text)
            }
            try db.create(table: "household_members") { t in
                t.column("household_id", .integer).notNull().references("households")
                t.column("id_number", .text).notNull()
                t.column("name", .text).notNull()
                t.column("relation", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("left_at", .text)
                // True while the member belongs to a household that is open: left_at is null and the
                // household not closed. Kept so that an index can hold one household per person.
                t.column("in_open_household", .boolean).notNull()
                t.primaryKey(["household_id", "id_number"])
            }
            try db.execute(sql: """
                CREATE UNIQUE INDEX household_members_one_open_household_per_person
                ON household_members (id_number) WHERE in_open_household
                """)
            try db.create(table: "hardship_files") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("household_id", .integer).notNull().indexed().references("households")
                t.column("tier", .text).notNull().check { HardshipTier.allCases.map(\.rawValue).contains($0) }
                t.column("status", .text).notNull().check { HardshipFileStatus.allCases.map(\.rawValue).contains($0) }
                t.column("opened_on", .text).notNull()
                t.column("opened_by", .text).notNull()
                t.column("status_since", .text).notNull()
                t.column("status_by", .text).notNull()
                t.column("reason", .text)
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "model_workers") { t in
                t.primaryKey("id_number", .text)
                t.column("name", .text).notNull()
                t.column("level", .text).notNull()
                t.column("title_status", .text).notNull()
                t.column("monthly_top_up_fen", .integer).notNull()
                t.column("payer", .text).notNull()
                t.column("updated_on", .text).notNull()
                t.column("updated_by", .text).notNull()
            }
        }
    }

    package func openHousehold(_ household: NewHousehold) async throws -> StoredHousehold {
        guard !household.members.isEmpty else { throw HouseholdError.noMembers }
        var seen: Set<String> = []
        for member in household.members where !seen.insert(member.idNumber).inserted {
            throw HouseholdError.duplicateMember(idNumber: member.idNumber)
        }
        let createdAt = Self.timestamp()
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM assessments WHERE id = ?", arguments: [household.assessmentID]) ?? false else {
                throw HouseholdError.noSuchAssessment(household.assessmentID)
            }
            try db.execute(sql: "INSERT INTO households (assessment_id, opened_on, opened_by, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [household.assessmentID, household.openedOn.description, household.openedBy, createdAt])
            let id = db.lastInsertedRowID
            for member in household.members { try Self.insert(member, householdID: id, db) }
            return try Self.household(id: id, db)!
        }
    }

    package func household(id: Int64) async throws -> StoredHousehold? {
        try await pool.read { db in try Self.household(id: id, db) }
    }

    package func household(memberIDNumber: String) async throws -> StoredHousehold? {
        let idNumber = ChineseIDNumber.normalised(memberIDNumber)
        return try await pool.read { db in
            try Self.openHouseholdID(of: idNumber, db).flatMap { try Self.household(id: $0, db) }
        }
    }

    package func addMember(_ member: HouseholdMember, householdID: Int64) async throws {
        try await write { db in
            try Self.requireOpenHousehold(householdID, db)
            try Self.insert(member, householdID: householdID, db)
        }
    }

    package func removeMember(idNumber: String, householdID: Int64) async throws {
        let idNumber = ChineseIDNumber.normalised(idNumber), leftAt = Self.timestamp()
        try await write { db in
            try Self.requireOpenHousehold(householdID, db)
            try db.execute(sql: """
                UPDATE household_members SET left_at = ?, in_open_household = 0
                WHERE household_id = ? AND id_number = ? AND left_at IS NULL
                """, arguments: [leftAt, householdID, idNumber])
            guard db.changesCount == 1 else { throw HouseholdError.noSuchMember(idNumber: idNumber, householdID: householdID) }
        }
    }

    package func closeHousehold(id: Int64, closing: HouseholdClosing) async throws {
        try await write { db in
            try Self.requireOpenHousehold(id, db)
            if let file = try Self.hardshipFiles(householdID: id, db).first(where: { $0.holds(on: closing.on) }) {
                throw HouseholdError.hardshipFileOpen(householdID: id, fileID: file.id)
            }
            try db.execute(sql: "UPDATE households SET closed_on = ?, closed_by = ?, closed_reason = ? WHERE id = ?",
                           arguments: [closing.on.description, closing.by, closing.reason, id])
            try db.execute(sql: "UPDATE household_members SET in_open_household = 0 WHERE household_id = ?", arguments: [id])
        }
    }

    /// Adds `member` to the household (again, if they left it), unless they belong to an open one.
    private static func insert(_ member: HouseholdMember, householdID: Int64, _ db: Database) throws {
        if let other = try openHouseholdID(of: member.idNumber, db) {
            throw other == householdID
                ? HouseholdError.duplicateMember(idNumber: member.idNumber)
                : HouseholdError.memberOfAnotherHousehold(idNumber: member.idNumber, householdID: other)
        }
        let position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) + 1 FROM household_members WHERE household_id = ?",
                                        arguments: [householdID]) ?? 1
        try db.execute(sql: """
            INSERT INTO household_members (household_id, id_number, name, relation, position, in_open_household)
            VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT (household_id, id_number) DO UPDATE SET
                name = excluded.name, relation = excluded.relation, position = excluded.position, left_at = NULL, in_open_household = 1
            """, arguments: [householdID, member.idNumber, member.name, member.relation, position])
    }

    /// The open household of `member`, or one opened now with them alone.
    static func householdOpened(for member: HouseholdMember, assessmentID: Int64, _ opening: ReferralOpening, createdAt: String,
                                _ db: Database) throws -> Int64 {
        if let id = try openHouseholdID(of: member.idNumber, db) { return id }
        try db.execute(sql: "INSERT INTO households (assessment_id, opened_on, opened_by, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [assessmentID, opening.on.description, opening.by, createdAt])
        let id = db.lastInsertedRowID
        try insert(member, householdID: id, db)
        return id
    }

    private static func openHouseholdID(of idNumber: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT household_id FROM household_members WHERE id_number = ? AND in_open_household",
                           arguments: [idNumber])
    }

    /// Throws unless the household is there and open.
    static func requireOpenHousehold(_ id: Int64, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT closed_on FROM households WHERE id = ?", arguments: [id]) else {
            throw HouseholdError.noSuchHousehold(id)
        }
        guard row["closed_on"] as String? == nil else { throw HouseholdError.householdClosed(id) }
    }

    static func household(id: Int64, _ db: Database) throws -> StoredHousehold? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM households WHERE id = ?", arguments: [id]) else { return nil }
        let members = try Row.fetchAll(db, sql: """
            SELECT id_number, name, relation FROM household_members WHERE household_id = ? AND left_at IS NULL ORDER BY position
            """, arguments: [id]).map { HouseholdMember(idNumber: $0["id_number"], name: $0["name"], relation: $0["relation"]) }
        let closing = try row.optionalDate("closed_on").map { HouseholdClosing(on: $0, by: row["closed_by"], reason: row["closed_reason"]) }
        return StoredHousehold(id: id, assessmentID: row["assessment_id"], openedOn: try row.date("opened_on"), openedBy: row["opened_by"],
                               members: members, closing: closing)
    }
}

// MARK: Hardship files

extension SQLiteRegister {
    package func openHardshipFile(householdID: Int64, tier: HardshipTier, openedOn: CivilDate, openedBy: String) async throws -> StoredHardshipFile {
        let createdAt = Self.timestamp()
        return try await writeLockingHousehold { db in
            try Self.requireOpenHousehold(householdID, db)
            if let file = try Self.hardshipFiles(householdID: householdID, db).first(where: { $0.holds(on: openedOn) }) {
                throw HouseholdError.hardshipFileOpen(householdID: householdID, fileID: file.id)
            }
            try db.execute(sql: """
                INSERT INTO hardship_files (household_id, tier, status, opened_on, opened_by, status_since, status_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [householdID, tier.rawValue, HardshipFileStatus.opened.rawValue, openedOn.description, openedBy,
                                 openedOn.description, openedBy, createdAt])
            let id = db.lastInsertedRowID
            try Self.insert(HardshipFileEvent(status: .opened, on: openedOn, by: openedBy, reason: nil), fileID: id, db)
            return try Self.hardshipFile(id: id, db)!
        }
    }

    package func moveHardshipFile(id: Int64, to status: HardshipFileStatus, reason: String?, on: CivilDate, by: String) async throws -> StoredHardshipFile {
        try await write { db in
            guard let file = try Self.hardshipFile(id: id, db) else { throw HouseholdError.noSuchHardshipFile(id) }
            guard file.status.mayMove(to: status) else {
                throw HouseholdError.hardshipFileMoveNotAllowed(fileID: id, from: file.status, to: status)
            }
            if status == .closed, reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
                throw HouseholdError.reasonRequired(fileID: id)
            }
            try db.execute(sql: "UPDATE hardship_files SET status = ?, status_since = ?, status_by = ?, reason = ? WHERE id = ?",
                           arguments: [status.rawValue, on.description, by, reason, id])
            try Self.insert(HardshipFileEvent(status: status, on: on, by: by, reason: reason), fileID: id, db)
            return try Self.hardshipFile(id: id, db)!
        }
    }

    package func hardshipFiles(householdID: Int64) async throws -> [StoredHardshipFile] {
        try await pool.read { db in try Self.hardshipFiles(householdID: householdID, db) }
    }

    static func hardshipFiles(householdID: Int64, _ db: Database) throws -> [StoredHardshipFile] {
        try Row.fetchAll(db, sql: "SELECT * FROM hardship_files WHERE household_id = ? ORDER BY id", arguments: [householdID]).map(hardshipFile)
    }

    static func hardshipFile(id: Int64, _ db: Database) throws -> StoredHardshipFile? {
        try Row.fetchOne(db, sql: "SELECT * FROM hardship_files WHERE id = ?", arguments: [id]).map(hardshipFile)
    }

    private static func hardshipFile(_ row: Row) throws -> StoredHardshipFile {
        StoredHardshipFile(id: row["id"], householdID: row["household_id"], tier: try row.code("tier"), status: try row.code("status"),
                           openedOn: try row.date("opened_on"), openedBy: row["opened_by"],
                           statusSince: try row.date("status_since"), statusBy: row["status_by"], reason: row["reason"],
                           lastReviewedOn: try row.optionalDate("last_reviewed_on"))
    }

    private static func insert(_ event: HardshipFileEvent, fileID: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO hardship_file_events (file_id, status, on_date, by_account, reason) VALUES (?, ?, ?, ?, ?)",
                       arguments: [fileID, event.status.rawValue, event.on.description, event.by, event.reason])
    }
}

// MARK: Finding households, files' lives and their reviews

extension SQLiteRegister {
    /// Migration "v8-reviews": each file's status history, its last review and the reviews themselves.
    static func registerReviewsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-reviews") { db in
            try db.alter(table: "hardship_files") { t in t.add(column: "last_reviewed_on", .text) }
            try db.create(table: "hardship_file_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file_id", .integer).notNull().indexed().references("hardship_files")
                t.column("status", .text).notNull().check { HardshipFileStatus.allCases.map(\.rawValue).contains($0) }
                t.column("on_date", .text).notNull()
                t.column("by_account", .text).notNull()
                t.column("reason", .text)
            }
            // The files opened before kept only their present status: their opening, and that status
            // when they moved since, are what their history can be.
            try db.execute(sql: """
                INSERT INTO hardship_file_events (file_id, status, on_date, by_account)
                SELECT id, 'opened', opened_on, opened_by FROM hardship_files ORDER BY id
                """)
            try db.execute(sql: """
                INSERT INTO hardship_file_events (file_id, status, on_date, by_account, reason)
                SELECT id, status, status_since, status_by, reason FROM hardship_files WHERE status <> 'opened' ORDER BY id
                """)
            try db.create(table: "hardship_reviews") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("file_id", .integer).notNull().indexed().references("hardship_files")
                t.column("assessment_id", .integer).notNull().references("assessments")
                t.column("reviewed_on", .text).notNull()
                t.column("reviewed_by", .text).notNull()
                t.column("finding", .text).notNull().check { ReviewFinding.allCases.map(\.rawValue).contains($0) }
                t.column("suggested_tier", .text).check { $0 == nil || HardshipTier.allCases.map(\.rawValue).contains($0) }
                t.column("created_at", .text).notNull()
            }
        }
    }

    package func households(matching query: HouseholdQuery) async throws -> [StoredHousehold] {
        var conditions = ["left_at IS NULL"], arguments: [DatabaseValue] = []
        if let idNumber = query.idNumber {
            conditions.append("id_number = ?")
            arguments.append(ChineseIDNumber.normalised(idNumber).databaseValue)
        }
        if let name = query.name {
            conditions.append("name LIKE ? ESCAPE '\\'")
            arguments.append(("%" + Self.escapedForLike(name) + "%").databaseValue)
        }
        arguments.append(max(query.limit, 1).databaseValue)
        let sql = "SELECT DISTINCT household_id FROM household_members WHERE \(conditions.joined(separator: " AND ")) ORDER BY household_id DESC LIMIT ?"
        let values = arguments
        return try await pool.read { db in
            try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(values)).compactMap { try Self.household(id: $0, db) }
        }
    }

    package func hardshipFile(id: Int64) async throws -> StoredHardshipFile? {
        try await pool.read { db in try Self.hardshipFile(id: id, db) }
    }

    package func hardshipFileHistory(id: Int64) async throws -> [HardshipFileEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hardship_file_events WHERE file_id = ? ORDER BY id", arguments: [id]).map { row in
                HardshipFileEvent(status: try row.code("status"), on: try row.date("on_date"), by: row["by_account"], reason: row["reason"])
            }
        }
    }

    package func openHardshipFiles() async throws -> [StoredHardshipFile] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hardship_files WHERE status <> ? ORDER BY id",
                             arguments: [HardshipFileStatus.closed.rawValue]).map(Self.hardshipFile)
        }
    }

    package func recordReview(_ review: NewHardshipReview) async throws -> StoredHardshipReview {
        let createdAt = Self.timestamp()
        return try await write { db in
            guard let file = try Self.hardshipFile(id: review.fileID, db) else { throw HouseholdError.noSuchHardshipFile(review.fileID) }
            guard file.status != .closed else { throw HouseholdError.hardshipFileClosed(review.fileID) }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM assessments WHERE id = ?", arguments: [review.assessmentID]) ?? false else {
                throw HouseholdError.noSuchAssessment(review.assessmentID)
            }
            try db.execute(sql: """
                INSERT INTO hardship_reviews (file_id, assessment_id, reviewed_on, reviewed_by, finding, suggested_tier, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [review.fileID, review.assessmentID, review.reviewedOn.description, review.reviewedBy,
                                 review.finding.rawValue, review.suggestedTier?.rawValue, createdAt])
            let id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE hardship_files SET last_reviewed_on = ? WHERE id = ?", arguments: [review.reviewedOn.description, review.fileID])
            return StoredHardshipReview(id: id, review: review)
        }
    }

    package func reviews(fileID: Int64) async throws -> [StoredHardshipReview] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hardship_reviews WHERE file_id = ? ORDER BY id", arguments: [fileID]).map { row in
                StoredHardshipReview(id: row["id"], review: NewHardshipReview(
                    fileID: row["file_id"], assessmentID: row["assessment_id"], reviewedOn: try row.date("reviewed_on"),
                    reviewedBy: row["reviewed_by"], finding: try row.code("finding"),
                    suggestedTier: (row["suggested_tier"] as String?) == nil ? nil : try row.code("suggested_tier")))
            }
        }
    }
}

// MARK: Model workers

extension SQLiteRegister {
    package func putModelWorker(_ worker: ModelWorker) async throws {
        guard worker.monthlyTopUpFen >= 0 else { throw HouseholdError.negativeTopUp(idNumber: worker.idNumber) }
        try await write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO model_workers (id_number, name, level, title_status, monthly_top_up_fen, payer, updated_on, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [worker.idNumber, worker.name, worker.level, worker.titleStatus, worker.monthlyTopUpFen, worker.payer,
                                 worker.updatedOn.description, worker.updatedBy])
        }
    }

    package func modelWorker(idNumber: String) async throws -> ModelWorker? {
        let idNumber = ChineseIDNumber.normalised(idNumber)
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model_workers WHERE id_number = ?", arguments: [idNumber]).map(Self.modelWorker)
        }
    }

    package func modelWorkers() async throws -> [ModelWorker] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM model_workers ORDER BY id_number").map(Self.modelWorker) }
    }

    private static func modelWorker(_ row: Row) throws -> ModelWorker {
        ModelWorker(idNumber: row["id_number"], name: row["name"], level: row["level"], titleStatus: row["title_status"],
                    monthlyTopUpFen: row["monthly_top_up_fen"], payer: row["payer"], updatedOn: try row.date("updated_on"),
                    updatedBy: row["updated_by"])
    }
}
