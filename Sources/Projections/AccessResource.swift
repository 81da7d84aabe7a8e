import CareRecord
import EventLog

/// What a request touches, as the access policy sees it. The service maps each route to an
/// ``AccessAction`` and one of these.
public enum AccessResource: Hashable, Sendable {
    /// A person's record as a whole (their timeline, or any of their streams).
    case person(String)
    /// One stream: `person/` and `medication/` streams belong to the person of their id, a
    /// `visit/` stream to the visit's person; any other stream is a service record.
    case stream(StreamName)
    /// Appending an event of `type` to `stream`, for `personId` when the payload names one
    /// (a new visit's `personId`); otherwise the person is found from the stream.
    case events(type: String, stream: StreamName, personId: String?)
    /// A report over a scope (the partnership, or a team or service it is filtered to).
    case report(kind: String, scope: AccessScope)
    /// An extract, pseudonymised or not.
    case extract(kind: String, pseudonymised: Bool)
    /// The access log (the access report).
    case accessLog
    /// The grants (listing, granting, revoking).
    case grants
    /// The log as a whole (verify, checkpoint).
    case log
}
