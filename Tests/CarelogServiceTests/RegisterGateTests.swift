import CareRecord
import EventLog
import Projections
import Testing

@testable import CarelogService

/// The access register shared by concurrent decisions (``SharedRegister`` behind ``RegisterGate``).
@Suite struct RegisterGateTests {
    static func grant(_ number: Int, subject: String) -> String {
        #"{"stream":"access/G\#(number)","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/root","data":{"subject":"\#(subject)","role":"auditor","scope":{"kind":"partnership"},"effectiveFrom":"2020-01-01"}}"#
    }

    static func append(_ text: String, to store: InMemoryEventStore) throws {
        let line = try EventLine.parse(Array(text.utf8), line: 1)
        try store.append([line.proposedEvent])
    }

    @Test func decisionsRunningSideBySideEachSeeTheGrantCommittedBeforeThem() async throws {
        let base = try await ServiceHarness.make(seed: Events.seed)
        let gate = try RegisterGate(store: base.store, clock: base.server.clock)
        let store = base.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 1...32 {
                group.addTask {
                    let identity = ServiceIdentity(kind: .token, subject: "staff/late\(number)")
                    #expect(throws: ServiceProblem.self) { try gate.authoriseNow(.verify, by: identity) }
                    // Other tasks' grants move the head meanwhile: this decision must fold its own.
                    try Self.append(Self.grant(100 + number, subject: identity.subject), to: store)
                    #expect(try gate.authoriseNow(.verify, by: identity).role == "auditor")
                }
            }
            try await group.waitForAll()
        }
        let register = try await gate.currentRegister(store: store)
        #expect(register.position == (try store.checkpoint().sequence))
    }
}
