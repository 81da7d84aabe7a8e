import CareCalendar

/// An improvement programme was set up. The stream id is the programme id.
///
/// Stream: `programme/<id>`. Read by: RAG table.
/// Rule: Improvement programme reporting (East Renfrewshire seed; rules.md §7).
public struct ProgrammeDefined: CareEventPayload {
    /// `ProgrammeDefined`.
    public static let eventType = "ProgrammeDefined"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `programme/<id>`.
    public static let streamKind: StreamKind? = .programme
    /// May be the first event of its stream.
    public static let startsStream = true

    /// The programme's title.
    public var title: String
    /// First day of the programme.
    public var startsOn: CareDate
    /// Planned last day, if set.
    public var endsOn: CareDate?
    /// The sponsor's role, e.g. `Chief Officer`.
    public var sponsor: String?

    /// Creates the value; optional fields default to absent.
    public init(title: String, startsOn: CareDate, endsOn: CareDate? = nil, sponsor: String? = nil) {
        self.title = title
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.sponsor = sponsor
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .programmeDefined(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.nonEmpty(title, "title")
        if let endsOn { c.require(endsOn > startsOn, "endsOn", "must be after startsOn") }
    }
}

/// A workstream was added to a programme.
///
/// Stream: `programme/<id>`. Read by: RAG table.
/// Rule: Seed RAG table layout (rules.md §7).
public struct WorkstreamDefined: CareEventPayload {
    /// `WorkstreamDefined`.
    public static let eventType = "WorkstreamDefined"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `programme/<id>`.
    public static let streamKind: StreamKind? = .programme

    /// An identifier for the workstream within the programme.
    public var workstreamId: String
    /// Its number in the programme (orders the table).
    public var number: Int
    /// Its title.
    public var title: String

    /// Creates the value; optional fields default to absent.
    public init(workstreamId: String, number: Int, title: String) {
        self.workstreamId = workstreamId
        self.number = number
        self.title = title
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .workstreamDefined(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.identifier(workstreamId, "workstreamId")
        c.require(number >= 1, "number", "must be 1 or more")
        c.nonEmpty(title, "title")
    }
}

/// An activity was added to a workstream, optionally with an indicator that computes its RAG.
///
/// Stream: `programme/<id>`. Read by: RAG table.
/// Rule: RAG = target, polarity, amber tolerance (rules.md §7, §11.25).
public struct ActivityDefined: CareEventPayload {
    /// `ActivityDefined`.
    public static let eventType = "ActivityDefined"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `programme/<id>`.
    public static let streamKind: StreamKind? = .programme

    /// An identifier for the activity within the programme.
    public var activityId: String
    /// The workstream it belongs to.
    public var workstreamId: String
    /// Its title, e.g. `Care Planning`.
    public var title: String
    /// Its position within the workstream (orders the table).
    public var order: Int
    /// How to compute its RAG when not set by hand.
    public var indicator: ActivityIndicator?

    /// Creates the value; optional fields default to absent.
    public init(
        activityId: String, workstreamId: String, title: String, order: Int, indicator: ActivityIndicator? = nil
    ) {
        self.activityId = activityId
        self.workstreamId = workstreamId
        self.title = title
        self.order = order
        self.indicator = indicator
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .activityDefined(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.identifier(activityId, "activityId")
        c.identifier(workstreamId, "workstreamId")
        c.nonEmpty(title, "title")
        c.nonNegative(order, "order")
        if let indicator {
            c.require(indicator.target.isFinite, "indicator.target", "must be a finite number")
            c.nonNegative(indicator.amberTolerance, "indicator.amberTolerance")
            if let team = indicator.team { c.identifier(team, "indicator.team") }
        }
    }
}

/// The quarterly update for one activity.
///
/// Stream: `programme/<id>`. Read by: RAG table.
/// Rule: RAG conventions (rules.md §7, §11.25).
public struct ActivityUpdateRecorded: CareEventPayload {
    /// `ActivityUpdateRecorded`.
    public static let eventType = "ActivityUpdateRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `programme/<id>`.
    public static let streamKind: StreamKind? = .programme

    /// The activity.
    public var activityId: String
    /// The quarter it reports on, e.g. `2020-Q1`.
    public var quarter: Quarter
    /// The latest-update bullets.
    public var updates: [String]
    /// A RAG set by hand; absent means computed from the indicator.
    public var rag: RAGStatus?
    /// Why the hand-set RAG was chosen; required with `rag`.
    public var ragRationale: String?
    /// Plan bullets for the next quarter.
    public var nextQuarterPlan: [String]

    /// Creates the value; optional fields default to absent.
    public init(
        activityId: String, quarter: Quarter, updates: [String], rag: RAGStatus? = nil, ragRationale: String? = nil,
        nextQuarterPlan: [String]
    ) {
        self.activityId = activityId
        self.quarter = quarter
        self.updates = updates
        self.rag = rag
        self.ragRationale = ragRationale
        self.nextQuarterPlan = nextQuarterPlan
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .activityUpdateRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.identifier(activityId, "activityId")
        c.nonEmpty(updates, "updates")
        if rag != nil, (ragRationale ?? "").allSatisfy(\.isWhitespace) {
            c.fail("ragRationale", .missingField, "is required when rag is set by hand (say why)")
        }
    }
}

/// How an activity's RAG is computed when not set by hand.
public struct ActivityIndicator: Codable, Hashable, Sendable {
    /// The compliance measure the projections compute.
    public var measure: ComplianceMeasure
    /// The target value, in the measure's unit (percent for rates, e.g. `90`).
    public var target: Double
    /// Whether higher or lower values are better.
    public var direction: IndicatorDirection
    /// How far on the wrong side of the target is still amber, in the measure's unit (e.g. `5` percentage points).
    public var amberTolerance: Double
    /// Restrict the measure to one team; `nil` for the whole service.
    public var team: String?

    /// Creates the value; optional fields default to absent.
    public init(
        measure: ComplianceMeasure, target: Double, direction: IndicatorDirection, amberTolerance: Double,
        team: String? = nil
    ) {
        self.measure = measure
        self.target = target
        self.direction = direction
        self.amberTolerance = amberTolerance
        self.team = team
    }
}
