import EventLog

/// A visit was planned. The stream id is the visit id; the visit belongs to `personId`.
///
/// Stream: `visit/<id>`. Read by: compliance (visits on time, missed visits, verified electronically), RAG.
/// Rule: Planned visit and ECM thresholds are contract configuration (rules.md §5, §11.21–23).
public struct VisitScheduled: CareEventPayload {
    /// `VisitScheduled`.
    public static let eventType = "VisitScheduled"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 2
    /// The stream kind: `visit/<id>`.
    public static let streamKind: StreamKind? = .visit
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The person visited (their `person/<id>` stream must exist).
    public var personId: String
    /// The planned start.
    public var plannedStart: Timestamp
    /// The planned length in minutes (1–1440).
    public var plannedMinutes: Int
    /// How many carers the visit needs (1–4).
    public var carersNeeded: Int
    /// Whether the visit is time-critical (tighter lateness tolerance).
    public var timeCritical: Bool
    /// The team delivering it, if not the person's team.
    public var team: String?
    /// Task codes for the visit (e.g. `personal-care`, `medication`).
    public var tasks: [String]?
    /// The staff ids of the carers scheduled for the visit, when the rota is known (a carer's
    /// access scope is the people on their schedule; see `Docs/access.md`).
    public var staffIds: [String]?

    /// Creates the value; optional fields default to absent.
    public init(
        personId: String, plannedStart: Timestamp, plannedMinutes: Int, carersNeeded: Int, timeCritical: Bool,
        team: String? = nil, tasks: [String]? = nil, staffIds: [String]? = nil
    ) {
        self.staffIds = staffIds
        self.personId = personId
        self.plannedStart = plannedStart
        self.plannedMinutes = plannedMinutes
        self.carersNeeded = carersNeeded
        self.timeCritical = timeCritical
        self.team = team
        self.tasks = tasks
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .visitScheduled(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.reference(.person, personId, "personId")
        c.require((1...1440).contains(plannedMinutes), "plannedMinutes", "must be between 1 and 1440 minutes")
        c.require((1...4).contains(carersNeeded), "carersNeeded", "must be between 1 and 4")
        if let team { c.identifier(team, "team") }
        for (i, id) in (staffIds ?? []).enumerated() { c.identifier(id, "staffIds[\(i)]") }
    }
}

/// A carer arrived at a visit.
///
/// Stream: `visit/<id>`. Read by: compliance (visits on time, verified electronically), RAG (visitsVerifiedElectronically, visitsOnTime).
/// Rule: Exception code for any non-electronic log (CM2000; rules.md §5, §11.21–23).
public struct VisitCheckedIn: CareEventPayload {
    /// `VisitCheckedIn`.
    public static let eventType = "VisitCheckedIn"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `visit/<id>`.
    public static let streamKind: StreamKind? = .visit

    /// Arrival time.
    public var checkedInAt: Timestamp
    /// The carer's staff id.
    public var staffId: String
    /// Electronic or manual.
    public var method: CheckMethod
    /// CM2000-style exception code; required when the method is manual.
    public var exceptionCode: String?

    /// Creates the value; optional fields default to absent.
    public init(checkedInAt: Timestamp, staffId: String, method: CheckMethod, exceptionCode: String? = nil) {
        self.checkedInAt = checkedInAt
        self.staffId = staffId
        self.method = method
        self.exceptionCode = exceptionCode
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .visitCheckedIn(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(checkedInAt, "checkedInAt")
        c.reference(.staff, staffId, "staffId")
        if method == .manual, (exceptionCode ?? "").isEmpty {
            c.fail(
                "exceptionCode", .missingField, "is required when method is manual (the CM2000-style exception code)")
        }
    }
}

/// A carer left a visit.
///
/// Stream: `visit/<id>`. Read by: compliance (short visits, verified electronically).
/// Rule: Short visit if actual < planned − tolerance (rules.md §11.22).
public struct VisitCheckedOut: CareEventPayload {
    /// `VisitCheckedOut`.
    public static let eventType = "VisitCheckedOut"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `visit/<id>`.
    public static let streamKind: StreamKind? = .visit

    /// Departure time; not before the check-in.
    public var checkedOutAt: Timestamp
    /// The carer's staff id.
    public var staffId: String
    /// Electronic or manual.
    public var method: CheckMethod
    /// CM2000-style exception code; required when the method is manual.
    public var exceptionCode: String?

    /// Creates the value; optional fields default to absent.
    public init(checkedOutAt: Timestamp, staffId: String, method: CheckMethod, exceptionCode: String? = nil) {
        self.checkedOutAt = checkedOutAt
        self.staffId = staffId
        self.method = method
        self.exceptionCode = exceptionCode
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .visitCheckedOut(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(checkedOutAt, "checkedOutAt")
        c.reference(.staff, staffId, "staffId")
        if method == .manual, (exceptionCode ?? "").isEmpty {
            c.fail(
                "exceptionCode", .missingField, "is required when method is manual (the CM2000-style exception code)")
        }
    }
}

/// A scheduled visit did not take place and was not cancelled by agreement.
///
/// Stream: `visit/<id>`. Read by: compliance (missed visits), RAG (missedVisits), notification extract (missed care).
/// Rule: Missed visit: no confirmed attendance (rules.md §5, §11.22); missed care is a record to keep (§1.1).
public struct VisitMissed: CareEventPayload {
    /// `VisitMissed`.
    public static let eventType = "VisitMissed"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `visit/<id>`.
    public static let streamKind: StreamKind? = .visit

    /// When the service found out the visit was missed.
    public var detectedAt: Timestamp
    /// Why.
    public var reason: MissedVisitReason
    /// Whether the person or family was told.
    public var personInformed: Bool

    /// Creates the value; optional fields default to absent.
    public init(detectedAt: Timestamp, reason: MissedVisitReason, personInformed: Bool) {
        self.detectedAt = detectedAt
        self.reason = reason
        self.personInformed = personInformed
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .visitMissed(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(detectedAt, "detectedAt")
    }
}

/// A scheduled visit was cancelled before it was due.
///
/// Stream: `visit/<id>`. Read by: compliance (cancelled visits are not missed).
/// Rule: Cancelled by the person is not counted as missed (rules.md §11.22).
public struct VisitCancelled: CareEventPayload {
    /// `VisitCancelled`.
    public static let eventType = "VisitCancelled"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `visit/<id>`.
    public static let streamKind: StreamKind? = .visit

    /// When it was cancelled.
    public var cancelledAt: Timestamp
    /// The person or the provider.
    public var cancelledBy: CancelledBy
    /// Why.
    public var reason: VisitCancellationReason

    /// Creates the value; optional fields default to absent.
    public init(cancelledAt: Timestamp, cancelledBy: CancelledBy, reason: VisitCancellationReason) {
        self.cancelledAt = cancelledAt
        self.cancelledBy = cancelledBy
        self.reason = reason
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .visitCancelled(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.notInFuture(cancelledAt, "cancelledAt")
    }
}
