import Foundation
import Testing

/// `carelog serve` as a process under load, killed or stopped: nothing acknowledged is lost.
@Suite(.serialized) struct ServiceFaultTests {
    private static let visits = 120
    private static let clients = 8

    @Test func afterSIGKILLUnderLoadEveryAcknowledgedAppendIsInTheStoreAndItVerifies() async throws {
        let service = try ServiceProcess(visits: Self.visits)
        try await service.start()
        let acknowledged = await service.load(
            clients: Self.clients, visits: Self.visits, signal: SIGKILL, after: Self.visits / 4)
        let exit = service.waitForExit()
        #expect(exit.reason == .uncaughtSignal)
        #expect(acknowledged.count >= Self.visits / 4)
        #expect(acknowledged.isSubset(of: try service.checkedInVisits()))
        #expect(try ServiceProcess.carelog(["verify", "--store", service.store]).status == 0)
    }

    @Test func afterSIGTERMUnderLoadTheServiceDrainsExitsZeroAndLosesNothingAcknowledged() async throws {
        let service = try ServiceProcess(visits: Self.visits)
        try await service.start()
        let acknowledged = await service.load(
            clients: Self.clients, visits: Self.visits, signal: SIGTERM, after: Self.visits / 4)
        let exit = service.waitForExit()
        #expect(exit.reason == .exit)
        #expect(exit.status == 0)
        #expect(acknowledged.isSubset(of: try service.checkedInVisits()))
        #expect(try ServiceProcess.carelog(["verify", "--store", service.store]).status == 0)
    }
}
