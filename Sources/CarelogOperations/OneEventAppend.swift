import CareRecord
import EventLog

/// One event line appended on its own — `carelog append`, an access grant or revocation, the
/// service's `POST /v1/events` — so that a fact is recorded once however many appends state it at
/// the same time.
///
/// Planning reads the store as it stands (fact identity, references, the stream's lifecycle): two
/// appends of the same fact planned side by side, each before the other's commit, would both be
/// recorded. So unless the line states its own `expectedVersion`, the batch expects the stream's
/// version as read before planning (``plan(_:store:now:)``), and an append whose stream moved
/// meanwhile is planned again (``replanLimit`` times at most): it then finds the fact the other
/// append recorded, or appends after it. A line that states its `expectedVersion` keeps its
/// conflict. Idempotency keys are unaffected (their check ignores expected versions).
package enum OneEventAppend {
    /// What a line comes to against the store as it stands.
    package enum Plan: Sendable {
        /// The batch to append, and the stream whose version it expects because the plan pinned
        /// it (nil when the line stated its own expectation).
        case append(AppendBatch, pinned: StreamName?)
        /// The line restates a fact already recorded, here.
        case alreadyRecorded(Place)
    }

    /// Where a fact is recorded.
    package struct Place: Hashable, Sendable {
        package var stream: StreamName
        package var version: UInt32
        package var sequence: UInt64?
    }

    /// What ``append(_:to:now:)`` did.
    package enum Outcome: Sendable {
        /// The store's answer: appended, or already appended under the line's idempotency key.
        case appended(AppendResult)
        /// Nothing written: the line restates the fact recorded here.
        case alreadyRecorded(Place)
    }

    /// How many times one append is planned at most when its stream keeps moving between planning
    /// and commit; the last conflict is reported (safe to retry).
    package static let replanLimit = 16

    /// `line` validated and planned against `store` as it stands at `now`.
    ///
    /// - Throws: the line's ``CareRecord/CatalogueError``, or the store's error.
    package static func plan(_ line: EventLine, store: any EventStore, now: Timestamp) throws -> Plan {
        let stream = line.stream
        let before = try store.currentVersion(of: stream, knownAt: .head)
        var planner = ImportPlanner(
            validator: EventValidator(now: now), lookup: EventStoreReferenceLookup(store: store), pinsHead: false)
        guard var batch = try planner.add(line).map(\.batch) ?? planner.finish()?.batch else {
            guard let recorded = planner.lastAlreadyRecorded else {
                throw CarelogError.storeOrIO("the event was neither planned nor found recorded")
            }
            return .alreadyRecorded(
                Place(stream: recorded.stream, version: recorded.version, sequence: recorded.sequence))
        }
        switch batch.expectedVersions[stream] {
        case nil, .any?:
            batch.expectedVersions[stream] = .exactly(before)
            return .append(batch, pinned: stream)
        default:
            return .append(batch, pinned: nil)
        }
    }

    /// Whether `error` is an expected-version conflict on `stream`: another append reached it
    /// between planning and commit.
    package static func isConflict(_ error: any Error, on stream: StreamName) -> Bool {
        guard case .conflict(let conflicting, _, _)? = error as? EventStoreError else { return false }
        return conflicting == stream
    }

    /// Plans `line` and appends it (waiting for the commit on this thread), planning it again
    /// after a conflict its pinned version caused.
    ///
    /// - Throws: as ``plan(_:store:now:)``, or the store's error (a conflict after
    ///   ``replanLimit`` plans, or on a version the line stated).
    package static func append(_ line: EventLine, to store: any EventStore, now: () -> Timestamp) throws -> Outcome {
        var attempt = 1
        while true {
            switch try plan(line, store: store, now: now()) {
            case .alreadyRecorded(let place):
                return .alreadyRecorded(place)
            case .append(let batch, let pinned):
                do {
                    return .appended(try store.append(batch))
                } catch {
                    guard attempt < replanLimit, let pinned, isConflict(error, on: pinned) else { throw error }
                    attempt += 1
                }
            }
        }
    }
}
