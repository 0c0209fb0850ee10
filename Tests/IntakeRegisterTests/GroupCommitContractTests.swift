import Eligibility
import IntakeRegister
import Testing

/// Many entries recorded at the same moment, as a desk under load records them (SQLite commits them
/// in groups, PostgreSQL on its pool): each caller gets its own entry, committed, and one entry the
/// register refuses fails alone.
@Suite("Entries recorded at once")
struct GroupCommitContractTests {
    // Twice the desk's connections under load, more than a pool holds, within a query's time limit on a busy machine.
    static let count = 64

    @Test(arguments: RegisterFactory.all)
    func eachOfManyEntriesRecordedAtOnceIsItsOwn(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let recorded = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
            for index in 0..<Self.count {
                let name = "申请人\(index)"
                let entry = fixture.entry(name: name, id: nil, date: "2026-09-01")
                group.addTask { (name, try await fixture.register.record(entry)) }
            }
            return try await group.reduce(into: [:]) { $0[$1.1] = $1.0 }
        }
        #expect(recorded.count == Self.count) // no two callers were given the same id
        for (id, name) in recorded {
            let stored = try #require(try await fixture.register.assessment(id: id))
            #expect(stored.applicantName == name)
        }
    }

    @Test(arguments: RegisterFactory.all)
    func anEntryTheRegisterRefusesFailsAloneAmongOthers(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        var unknownRules = fixture.entry(name: "未知规则", id: nil, date: "2026-09-01")
        unknownRules.ruleSetHash = String(repeating: "0", count: 64) // no such rule set stored
        let refused = unknownRules
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<20 {
                let entry = index == 10 ? refused : fixture.entry(name: "申请人\(index)", id: nil, date: "2026-09-01")
                group.addTask { (entry.applicantName ?? "", (try? await fixture.register.record(entry)) != nil) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes["未知规则"] == false)
        #expect(outcomes.values.filter { $0 }.count == 19)
    }
}
