import EventLog

/// How the extract names the person or incident a notification concerns.
public enum SubjectIdentifiers: String, Hashable, Sendable, CaseIterable {
    /// `PSN-`/`INC-` + 12 hex digits of SHA-256 over the store id and the id: stable for one
    /// store, not reversible without the store. The default, for anything leaving the service.
    case pseudonymous
    /// The service's own ids (`person/P000123`, `incident/I-17`), for internal use only.
    case `internal`
}

/// Pseudonymous and internal references for people and incidents.
public enum SubjectReference {
    /// `PSN-` + the first 12 hex digits of SHA-256(`storeID:personId`).
    public static func pseudonym(personId: String, storeID: String) -> String {
        "PSN-" + String(EventHash.sha256(of: Array("\(storeID):\(personId)".utf8)).hex.prefix(12))
    }

    /// `INC-` + the first 12 hex digits of SHA-256(`storeID:incident:incidentId`).
    public static func pseudonym(incidentId: String, storeID: String) -> String {
        "INC-" + String(EventHash.sha256(of: Array("\(storeID):incident:\(incidentId)".utf8)).hex.prefix(12))
    }

    /// The reference for a person in the chosen form.
    public static func person(_ personId: String, storeID: String, identifiers: SubjectIdentifiers) -> String {
        identifiers == .pseudonymous ? pseudonym(personId: personId, storeID: storeID) : "person/\(personId)"
    }

    /// The reference for an incident in the chosen form.
    public static func incident(_ incidentId: String, storeID: String, identifiers: SubjectIdentifiers) -> String {
        identifiers == .pseudonymous ? pseudonym(incidentId: incidentId, storeID: storeID) : "incident/\(incidentId)"
    }
}
