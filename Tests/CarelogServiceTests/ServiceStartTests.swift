import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import Projections
import Testing

/// `carelog serve` as a process on a store never served: the access register it folded at
/// start-up is saved in the store's projection cache once it is listening, and the Merkle tree is
/// extended over the events it appends.
@Suite(.serialized) struct ServiceStartTests {
    /// The position the register saved in the store's cache resumes from, or nil when none is saved.
    static func savedRegisterPosition(_ storePath: String) throws -> UInt64? {
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let store = try LMDBEventStore(path: storePath, options: options)
        guard let cache = ReportCache.open(storePath: storePath, disabled: false) else { return nil }
        let resumed = try AccessRegister.resume(from: store, cache: cache, save: false)
        return resumed.resumedFrom == 0 ? nil : resumed.resumedFrom
    }

    @Test func aStartedServiceSavesTheRegisterItFoldedInTheStoresCacheAtTheHeadItStartedAt() async throws {
        let service = try ServiceProcess(visits: 3)
        #expect(try Self.savedRegisterPosition(service.store) == nil, "no register saved before the first start")
        try await service.start()
        var saved: UInt64?
        for _ in 0..<100 where saved == nil {
            saved = try Self.savedRegisterPosition(service.store)
            if saved == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        kill(service.process.processIdentifier, SIGTERM)
        #expect(service.waitForExit().status == 0)
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let head = try LMDBEventStore(path: service.store, options: options).checkpoint().sequence
        #expect(saved == head, "saved at the head the service started at")
    }

    @Test func aRunningServiceExtendsTheMerkleTreeOverTheEventsItAppends() async throws {
        let service = try ServiceProcess(visits: 4)
        var options = LMDBEventStore.Options()
        options.readOnly = true
        #expect(try LMDBEventStore(path: service.store, options: options).treeSize() == 0)
        try await service.start()
        for n in 1...4 { #expect(await service.checkIn(visit: n) == 201) }
        let store = try LMDBEventStore(path: service.store, options: options)
        let head = try store.checkpoint().sequence
        // Bounded: the service looks every 250 ms; a loaded machine may take longer.
        for _ in 0..<200 where try store.treeSize() < head { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try store.treeSize() == head, "the tree covers the check-ins without a checkpoint being signed")
        kill(service.process.processIdentifier, SIGTERM)
        #expect(service.waitForExit().status == 0)
        // The leaves are the ones the store's keys give: `carelog verify` recomputes and accepts them.
        let verify = try ServiceProcess.carelog(["verify", "--store", service.store])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("Merkle tree verified over \(head) events"))
    }
}
