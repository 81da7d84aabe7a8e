/// The access decision before roles are granted in the log: API keys append the event types
/// their configuration lists; signed-in staff read the checkpoint and verify; nobody reads
/// personal data (so no read needs recording).
package struct KeyAllowanceGate: AccessGate {
    package init() {}

    package func authorise(
        _ action: ServiceAction, by identity: ServiceIdentity, reason: String?, parameters: [String: String]
    ) async throws -> AccessUse {
        var use = try authoriseNow(action, by: identity)
        use.reason = reason
        return use
    }

    package func authoriseNow(_ action: ServiceAction, by identity: ServiceIdentity) throws -> AccessUse {
        switch action {
        case .readCheckpoint:
            break
        case .verify:
            guard identity.kind == .token else {
                throw ServiceProblem.forbidden("verify is for signed-in staff, not API keys")
            }
        case .append(let type, _):
            if identity.kind == .token {
                throw ServiceProblem.forbidden(
                    "appending as signed-in staff needs a role; roles are not yet granted by this service")
            }
            guard identity.allowedEventTypes.contains(type) else {
                throw ServiceProblem.forbidden("this API key may not append \(type) events")
            }
        case .readStream, .readTimeline, .report, .extract:
            throw ServiceProblem.forbidden(
                "reading care records needs a role; roles are not yet granted by this service")
        case .administerAccess, .listAccess:
            throw ServiceProblem.forbidden(
                "administering access needs the administrator role; roles are not yet granted by this service")
        }
        return AccessUse(identity: identity, action: action)
    }

    package func recordRead(_ use: AccessUse, parameters: [String: String]) async throws {}
}
