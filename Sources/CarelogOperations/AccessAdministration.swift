import CareCalendar
import CareRecord
import EventLog
import Projections

/// Granting, revoking and listing access: what `carelog access` (and the service's
/// administration routes) do. Grants and revocations are validated and appended like any
/// event line, with the administrator as the actor; nothing here echoes a value given.
package enum AccessAdministration {
    /// The id the next grant gets: `G` and six digits, one more than the highest such id recorded.
    package static func nextGrantId(_ register: AccessRegister) -> String {
        let highest =
            register.grantIds.compactMap { id -> Int? in
                guard id.hasPrefix("G") else { return nil }
                return Int(id.dropFirst())
            }.max() ?? 0
        let digits = String(highest + 1)
        return "G" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Appends `granted` as grant `grantId` (a new stream), by `actor` at `now`.
    /// Returns where it was recorded.
    package static func grant(
        _ granted: AccessGranted, grantId: String, actor: String, now: Timestamp, store: any EventStore
    ) throws -> EventPosition {
        guard let stream = StreamName(kind: StreamKind.access.rawValue, id: grantId) else {
            throw CarelogError.usage("the grant id must be 1–190 letters, digits and . _ : -")
        }
        return try append(
            EventLine(
                line: 1, stream: stream, event: granted.careEvent, occurredAt: now, actor: actor,
                expectedVersion: .noStream),
            now: now, store: store)
    }

    /// Appends the revocation of grant `grantId` by `actor` at `now`.
    package static func revoke(
        grantId: String, _ revoked: AccessRevoked, actor: String, now: Timestamp, store: any EventStore
    ) throws -> EventPosition {
        try revoke(grantId: grantId, revoked, actor: actor, now: now, store: store, register: register(store))
    }

    /// Appends the revocation of grant `grantId` by `actor` at `now`, the grant looked up in
    /// `register` (one already caught up with `store`, such as the service's).
    package static func revoke(
        grantId: String, _ revoked: AccessRevoked, actor: String, now: Timestamp, store: any EventStore,
        register: AccessRegister
    ) throws -> EventPosition {
        guard let stream = StreamName(kind: StreamKind.access.rawValue, id: grantId), register.hasGrant(id: grantId)
        else {
            throw CarelogError.usage("no grant with that id is recorded; `carelog access list` shows the grants")
        }
        return try append(
            EventLine(line: 1, stream: stream, event: revoked.careEvent, occurredAt: now, actor: actor),
            now: now, store: store)
    }

    /// The register as known at `knownAt`.
    package static func register(_ store: any EventStore, knownAt: KnownAt = .head) throws(CarelogError)
        -> AccessRegister
    {
        try ReportWiring.projection { () throws(ProjectionError) in
            try AccessRegister.build(from: store, knownAt: knownAt)
        }
    }

    private static func append(_ line: EventLine, now: Timestamp, store: any EventStore) throws -> EventPosition {
        let result: AppendResult
        do {
            switch try OneEventAppend.append(line, to: store, now: { now }) {
            case .alreadyRecorded:
                throw CarelogError.conflict("the same access event is already recorded; nothing new was written")
            case .appended(let appended):
                result = appended
            }
        } catch let error as EventStoreError {
            throw CarelogError.from(error)
        }
        guard let position = result.positions.first else {
            throw CarelogError.storeOrIO("the store did not report where the event was written")
        }
        return position
    }
}
