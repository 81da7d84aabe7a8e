import Synchronization

@testable import CarelogService

/// A test stand-in for the access model: allows every action except those it is told to refuse,
/// and keeps the reads it is asked to record, so route tests can check what was recorded.
final class RecordingGate: AccessGate {
    private let refused: Set<ServiceAction>
    private let reads = Mutex<[AccessUse]>([])

    init(refusing refused: Set<ServiceAction> = []) { self.refused = refused }

    /// The reads recorded so far, in order.
    var recorded: [AccessUse] { reads.withLock { $0 } }

    func authorise(
        _ action: ServiceAction, by identity: ServiceIdentity, reason: String?, parameters: [String: String]
    ) async throws -> AccessUse {
        if refused.contains(action) { throw ServiceProblem.forbidden("refused by the test gate") }
        return AccessUse(identity: identity, action: action, reason: reason)
    }

    func authoriseNow(_ action: ServiceAction, by identity: ServiceIdentity) throws -> AccessUse {
        if refused.contains(action) { throw ServiceProblem.forbidden("refused by the test gate") }
        return AccessUse(identity: identity, action: action)
    }

    func recordRead(_ use: AccessUse, parameters: [String: String]) async throws {
        reads.withLock { $0.append(use) }
    }
}
