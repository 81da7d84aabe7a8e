/// The role a grant gives its subject (closed vocabulary; `Docs/access.md` has what each may do).
public enum AccessRole: String, CatalogueEnum {
    /// Records visits and medication for the people on their own schedule, and reads their records.
    case carer
    /// Reads and records for the people of their team (or service, or the partnership), runs their reports.
    case coordinator
    /// As a coordinator, plus verifying the log and making checkpoints.
    case serviceManager
    /// Reads everything (records, history, reports, extracts, access reports); writes nothing.
    case auditor
    /// Care Inspectorate: pseudonymised extracts only; no person identifiers, no history.
    case inspector
    /// A machine client (the ECM feed): appends only the event types its key allows.
    case feed
    /// Grants and revokes access, lists grants, verifies the log; cannot read care records.
    case administrator
}

/// What a grant's scope covers.
public enum AccessScopeKind: String, CatalogueEnum {
    /// One team (the `team` of a person's `ServiceStarted`, or of a visit).
    case team
    /// One service: the teams of one locality (the `locality` of a person's `ServiceStarted`).
    case service
    /// The whole partnership.
    case partnership
}

/// What a subject asked to do, as recorded in `RecordAccessed` and decided by the access policy.
public enum AccessAction: String, CatalogueEnum {
    /// Read one stream's events (a person's record, a visit, a MAR) with its history.
    case streamRead = "stream.read"
    /// Read a person's timeline across their streams.
    case timelineRead = "timeline.read"
    /// Run a report (reviews due, compliance, improvement RAG).
    case report
    /// Produce an extract (e.g. the pseudonymised notification extract).
    case extract
    /// Append (or import) care events.
    case eventsAppend = "events.append"
    /// Verify the log's chain and indexes.
    case verify
    /// Make (and sign) a checkpoint of the log.
    case checkpoint
    /// Run the access report (who viewed a record, what a subject looked at).
    case accessReport = "access.report"
    /// Grant or revoke access.
    case accessAdminister = "access.administer"
    /// List who holds which role on a day.
    case accessList = "access.list"
}

/// Whether a request was allowed or refused.
public enum AccessOutcome: String, CatalogueEnum {
    /// The request was allowed (possibly by break glass).
    case allowed
    /// The request was refused (HTTP 403 in the service).
    case refused
}
