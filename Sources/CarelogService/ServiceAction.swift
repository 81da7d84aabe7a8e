import CareRecord
import CarelogOperations
import EventLog

/// What a request asks to do, as the access decision sees it: every route maps to one.
package enum ServiceAction: Sendable, Hashable {
    /// `GET /v1/checkpoint`: the log's head (no personal data).
    case readCheckpoint
    /// `POST /v1/verify`: recompute the chain (no personal data).
    case verify
    /// `POST /v1/events` and each line of `POST /v1/import`: record an event of `type` in `stream`.
    case append(type: String, stream: StreamName)
    /// `GET /v1/streams/{kind}/{id}`: one stream's history.
    case readStream(StreamName)
    /// `GET /v1/people/{personId}/timeline`: a person's history across streams.
    case readTimeline(personId: String)
    /// `GET /v1/reports/{kind}`: a report listing people, over the partnership or limited to a
    /// team or service (`team=` / `service=`).
    case report(ReportKind, scope: AccessScope = .partnership)
    /// `GET /v1/extracts/notifications`: a pseudonymised extract.
    case extract(ReportKind)
    /// `POST /v1/access/grants` and `POST /v1/access/revocations`: grant or revoke access (no personal data).
    case administerAccess
    /// `GET /v1/access/grants`: who holds which role on a day (no care record data).
    case listAccess

    /// Whether the action reads personal data (and so is recorded as a read).
    package var readsPersonalData: Bool {
        switch self {
        case .readCheckpoint, .verify, .append: return false
        case .readStream, .readTimeline, .report, .extract: return true
        case .administerAccess, .listAccess: return false
        }
    }
}
