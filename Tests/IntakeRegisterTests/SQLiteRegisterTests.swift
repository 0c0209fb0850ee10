import Foundation
import GRDB
import IntakeRegister
@testable import SQLiteRegister
import Testing

@Suite("The decision register on SQLite")
struct SQLiteRegisterTests {
    @Test func usesWriteAheadLogging() async throws {
        let register = try SQLiteRegister(path: temporaryDatabase())
        #expect(try await register.journalMode() == "wal")
    }

    @Test func syncsEveryCommitToDisk() async throws {
        let register = try SQLiteRegister(path: temporaryDatabase())
        let synchronous = try await register.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2) // FULL
    }

    @Test func survivesReopening() async throws {
        let path = temporaryDatabase()
        let id: Int64
        do {
            let fixture = try await RegisterFixture(SQLiteRegister(path: path))
            id = try await fixture.register.record(fixture.entry(name: "王某", id: "110101197005011235", date: "2026-09-01"))
        }
        let reopened = try SQLiteRegister(path: path)
        #expect(try await reopened.assessment(id: id)?.applicantID == "110101197005011235")
    }

    /// A register file written by any earlier version names these steps; renaming one would make
    /// GRDB run it again on that file.
    @Test func keepsItsMigrationIdentifiers() async throws {
        let register = try SQLiteRegister(path: temporaryDatabase())
        let applied = try await register.pool.read { db in try SQLiteRegister.migrator.appliedIdentifiers(db) }
        #expect(applied == ["v1", "v2-sessions", "v3-applicant-id-search", "v4-revises", "v5-households", "v6-referrals", "v7-grants", "v8-reviews", "v9-running-rules", "v10-grants-income"])
    }

    /// Entries recorded before ID numbers were filed for searching are filed when the register opens.
    @Test func entriesOfAnEarlierRegisterAreFoundByTheEndOfTheirIDNumber() async throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteRegister.migrator.migrate(pool, upTo: "v2-sessions")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO rule_sets (hash, title, stored_at) VALUES ('h', '规则', '2026-01-01T00:00:00Z')")
                try db.execute(sql: """
                    INSERT INTO assessments (created_at, actor, applicant_name, applicant_id, assessment_date, rule_set_hash, profile_json, decision_json)
                    VALUES ('2026-01-01T00:00:00Z', 'clerk', '赵某', '11010519491231002x', '2026-01-01', 'h', '{}', '{}')
                    """)
            }
        }
        let register = try SQLiteRegister(path: path)
        #expect(try await register.search(RegisterQuery(applicantID: "002X")).map(\.applicantName) == ["赵某"])
    }

    /// A register written before households were kept opens with its entries, and a household can be
    /// opened from one of them.
    @Test func aRegisterOfAnEarlierVersionOpensHouseholdsFromItsEntries() async throws {
        let path = temporaryDatabase()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteRegister.migrator.migrate(pool, upTo: "v4-revises")
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO rule_sets (hash, title, stored_at) VALUES ('h', '规则', '2026-01-01T00:00:00Z')")
                try db.execute(sql: """
                    INSERT INTO assessments (created_at, actor, applicant_name, applicant_id, assessment_date, rule_set_hash, profile_json, decision_json)
                    VALUES ('2026-01-01T00:00:00Z', 'clerk', '王某', '110101197005011235', '2026-01-01', 'h', '{}', '{}')
                    """)
            }
        }
        let register = try SQLiteRegister(path: path)
        let entry = try #require(try await register.search(RegisterQuery()).first)
        let household = try await register.openHousehold(NewHousehold(assessmentID: entry.id, members: [People.wang],
                                                                       openedOn: day("2026-01-02"), openedBy: "clerk"))
        #expect(try await register.household(memberIDNumber: People.wang.idNumber) == household)
    }

    @Test func aSearchByIDNumberUsesItsIndex() async throws {
        let register = try SQLiteRegister(path: temporaryDatabase())
        let plan = try await register.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM assessments a WHERE a.applicant_id_key >= ? AND a.applicant_id_key < ?",
                             arguments: ["X100", "X100\u{10FFFF}"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("assessments_by_applicant_id_key") }, "\(plan)")
    }

    @Test func refusesAStoredRuleSetThatIsMissingOrNoLongerLoadsToItsHash() async throws {
        let register = try SQLiteRegister(path: temporaryDatabase())
        let fixture = try await RegisterFixture(register)
        let hash = fixture.ruleSet.contentHash
        await #expect(throws: StoredRuleSetError.self) { try await fixture.register.storedRuleSet(hash: "0000") }
        try await register.pool.write { db in
            try db.execute(sql: "UPDATE rule_set_files SET source = source || '-- changed' WHERE path = 'facts.lua'")
        }
        do {
            _ = try await fixture.register.storedRuleSet(hash: hash)
            Issue.record("a changed file was taken")
        } catch {
            #expect("\(error)".contains("cannot be replayed exactly"), "\(error)")
        }
        try await register.pool.write { db in
            try db.execute(sql: "DELETE FROM rule_set_files WHERE path = 'ruleset.yaml'")
        }
        do {
            _ = try await fixture.register.storedRuleSet(hash: hash)
            Issue.record("a rule set without ruleset.yaml was taken")
        } catch {
            #expect("\(error)".contains("does not load from its stored files: ruleset.yaml: 规则集里没有这个文件"), "\(error)")
        }
    }

    @Test func aFileDeletedUnderTheRegisterStopsEveryWrite() async throws {
        let path = temporaryDatabase()
        let fixture = try await RegisterFixture(SQLiteRegister(path: path))
        _ = try await fixture.register.record(fixture.entry(name: "王某", id: nil, date: "2026-09-01"))
        try fixture.register.checkStorage()
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: RegisterUnavailable.self) { try fixture.register.checkStorage() }
        do {
            _ = try await fixture.register.record(fixture.entry(name: "李某", id: nil, date: "2026-09-01"))
            Issue.record("a write to a deleted file was answered")
        } catch let error as RegisterUnavailable {
            #expect(error.description.contains("\(path) was deleted while the desk ran"))
        }
        // A new file at the path is another file: the register stays stopped.
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: RegisterUnavailable.self) { try fixture.register.checkStorage() }
    }

    @Test func aMissingFileIsCreatedOnlyWhenAsked() throws {
        let path = temporaryDatabase()
        #expect(throws: RegisterFileMissing.self) { try SQLiteRegister(path: path, createIfMissing: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try SQLiteRegister(path: path)
        _ = try SQLiteRegister(path: path, createIfMissing: false) // there now
    }
}
