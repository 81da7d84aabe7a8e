import CareCalendar
import CareRecord
import EventLog
import Foundation
import Testing

@Suite("Access events: grants, revocations and recorded reads are validated like every other fact")
struct AccessEventTests {
    /// The problems of one line of `sample`'s type with its data edited (the grant exists for revocations).
    func problems(_ type: String, stream: String? = nil, edit: (inout [String: Any]) -> Void) throws
        -> [CatalogueError]
    {
        let base = sample(type)
        var data = try dataObject(base.event)
        edit(&data)
        let bytes = try ndjsonLine(stream: stream ?? base.stream, type: type, data: data)
        var lines: [EventLine] = []
        if type == "AccessRevoked" {
            lines.append(try EventLine.parse(try ndjsonLine(sample("AccessGranted")), line: 1))
        }
        lines.append(try EventLine.parse(bytes, line: lines.count + 1))
        return validator.problems(with: lines, lookup: EmptyReferenceLookup())
    }

    @Test("an unknown role is refused at data.role without echoing it")
    func unknownRole() throws {
        var data = try dataObject(sample("AccessGranted").event)
        data["role"] = sentinel
        let error = try #require(
            parseFailure(try ndjsonLine(stream: "access/G1", type: "AccessGranted", data: data), line: 2))
        #expect(error.fieldPath == "data.role")
        #expect(error.kind == .unknownValue)
        #expect(error.message.contains("administrator"))
        #expect(!error.description.contains(sentinel))
    }

    @Test("an unknown scope kind is refused at data.scope.kind")
    func unknownScopeKind() throws {
        var data = try dataObject(sample("AccessGranted").event)
        set("region", at: "scope.kind", in: &data)
        let error = try #require(parseFailure(try ndjsonLine(stream: "access/G1", type: "AccessGranted", data: data)))
        #expect(error.fieldPath == "data.scope.kind")
        #expect(error.kind == .unknownValue)
    }

    @Test("a team scope needs its id; a partnership scope must not have one")
    func scopeIds() throws {
        let noTeam = try problems("AccessGranted") { set(nil, at: "scope.id", in: &$0) }
        #expect(noTeam.map(\.fieldPath) == ["data.scope.id"])
        #expect(noTeam.first?.kind == .missingField)
        let partnershipWithId = try problems("AccessGranted") { set("partnership", at: "scope.kind", in: &$0) }
        #expect(partnershipWithId.map(\.fieldPath) == ["data.scope.id"])
        let partnership = try problems("AccessGranted") {
            $0["scope"] = ["kind": "partnership"]
            $0["role"] = "auditor"
        }
        #expect(partnership.isEmpty, "\(partnership)")
    }

    @Test("effectiveTo before effectiveFrom is refused; the same day is a one-day grant")
    func toBeforeFrom() throws {
        let backwards = try problems("AccessGranted") { $0["effectiveTo"] = "2019-12-31" }
        #expect(backwards.map(\.fieldPath) == ["data.effectiveTo"])
        #expect(backwards.first?.kind == .implausible)
        #expect(try problems("AccessGranted") { $0["effectiveTo"] = "2020-01-01" }.isEmpty)
    }

    @Test("a carer's grant names the staff id whose schedule is their scope")
    func carerNeedsStaffId() throws {
        let found = try problems("AccessGranted") { $0["staffId"] = nil }
        #expect(found.map(\.fieldPath) == ["data.staffId"])
        #expect(
            try problems("AccessGranted") {
                $0["staffId"] = nil
                $0["role"] = "coordinator"
            }.isEmpty)
    }

    @Test("a revocation needs its grant's stream to exist")
    func revocationNeedsGrant() throws {
        let bytes = try ndjsonLine(sample("AccessRevoked"))
        let found = validator.problems(with: [try EventLine.parse(bytes, line: 1)], lookup: EmptyReferenceLookup())
        #expect(found.map(\.kind) == [.missingReference])
        #expect(found.first?.message.contains("AccessGranted") == true)
    }

    @Test("break glass without a stated reason is refused at data.reason")
    func breakGlassNeedsReason() throws {
        for reason: Any? in [nil, "   "] {
            let found = try problems("RecordAccessed") { $0["reason"] = reason }
            #expect(found.map(\.fieldPath).first == "data.reason")
        }
        #expect(
            try problems("RecordAccessed") {
                $0["reason"] = nil
                $0["breakGlass"] = false
            }.isEmpty)
    }

    @Test("a recorded read goes in the stream of a calendar day, accessed/<YYYY-MM-DD>")
    func readStreamIsADay() throws {
        let found = try problems("RecordAccessed", stream: "accessed/yesterday") { _ in }
        #expect(found.map(\.fieldPath) == ["stream"])
        #expect(found.first?.kind == .wrongStream)
        #expect(RecordAccessed.stream(on: day("2020-02-03")).rawValue == "accessed/2020-02-03")
    }

    @Test("access events belong in their own streams")
    func accessStreams() throws {
        let found = try problems("AccessGranted", stream: "person/P1") { _ in }
        #expect(found.map(\.kind) == [.wrongStream])
    }

    @Test("a grant is once per stream: a second, different grant in the same stream contradicts it")
    func grantIsOnceOnly() throws {
        #expect(FactIdentity.onceSlot(of: sample("AccessGranted").event) == "AccessGranted")
        #expect(FactIdentity.onceSlot(of: sample("RecordAccessed").event) == nil)
    }
}
