import EventLog

/// One MAR entry: one medicine on one scheduled occasion. The stream id is the person id.
///
/// Stream: `medication/<id>`. Read by: compliance (MAR entries with outcome, missed medications), RAG.
/// Rule: One entry per medicine per occasion (NICE NG67; rules.md §4.2, §11.17–19).
public struct MedicationRecorded: CareEventPayload {
    /// `MedicationRecorded`.
    public static let eventType = "MedicationRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `medication/<id>`.
    public static let streamKind: StreamKind? = .medication
    /// May be the first event of its stream.
    public static let startsStream = true

    /// Medicine name, formulation and strength as on the MAR.
    public var medicine: String
    /// The dose, e.g. `1 tablet`, `5 ml`.
    public var dose: String
    /// How it is taken.
    public var route: MedicationRoute
    /// The scheduled time of the occasion.
    public var scheduledFor: Timestamp
    /// When it was given or taken; required for administered, promptedTaken and assisted.
    public var actualAt: Timestamp?
    /// Prompt, assist or administer (not `none`).
    public var supportLevel: MedicationSupportLevel
    /// What happened.
    public var outcome: MedicationOutcome
    /// The MAR chart code or reason when not taken (e.g. `NT`, `C`); required for notGiven and withheldOnAdvice.
    public var reasonCode: String?
    /// Whether it is a Schedule 2–5 controlled drug.
    public var controlledDrug: Bool
    /// Whether it is an as-required (PRN) medicine.
    public var asRequired: Bool?
    /// The staff id of the carer.
    public var recordedBy: String
    /// The staff id of a witness (controlled drugs).
    public var witnessedBy: String?
    /// The visit at which it was given, if any.
    public var visitId: String?
    /// Action taken, e.g. on a refusal (personal data).
    public var note: String?

    /// Creates the value; optional fields default to absent.
    public init(
        medicine: String, dose: String, route: MedicationRoute, scheduledFor: Timestamp, actualAt: Timestamp? = nil,
        supportLevel: MedicationSupportLevel, outcome: MedicationOutcome, reasonCode: String? = nil,
        controlledDrug: Bool, asRequired: Bool? = nil, recordedBy: String, witnessedBy: String? = nil,
        visitId: String? = nil, note: String? = nil
    ) {
        self.medicine = medicine
        self.dose = dose
        self.route = route
        self.scheduledFor = scheduledFor
        self.actualAt = actualAt
        self.supportLevel = supportLevel
        self.outcome = outcome
        self.reasonCode = reasonCode
        self.controlledDrug = controlledDrug
        self.asRequired = asRequired
        self.recordedBy = recordedBy
        self.witnessedBy = witnessedBy
        self.visitId = visitId
        self.note = note
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .medicationRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.reference(.person, c.streamID, "stream")
        c.nonEmpty(medicine, "medicine")
        c.nonEmpty(dose, "dose")
        c.require(supportLevel != .none, "supportLevel", "must be prompt, assist or administer for a MAR entry")
        switch outcome {
        case .administered, .promptedTaken, .assisted:
            if actualAt == nil {
                c.fail("actualAt", .missingField, "is required when the outcome is \(outcome.rawValue)")
            }
        case .notGiven, .withheldOnAdvice:
            if (reasonCode ?? "").isEmpty {
                c.fail("reasonCode", .missingField, "is required when the outcome is \(outcome.rawValue)")
            }
        default: break
        }
        if let actualAt { c.notInFuture(actualAt, "actualAt") }
        c.identifier(recordedBy, "recordedBy")
        if let witnessedBy { c.identifier(witnessedBy, "witnessedBy") }
        if let visitId { c.reference(.visit, visitId, "visitId") }
    }
}

/// A medication error or near miss was found. The stream id is the person id.
///
/// Stream: `medication/<id>`. Read by: compliance (medication errors), notification extract (controlled drugs).
/// Rule: Medication error classification; CD adverse events notifiable (rules.md §4.3, §11.20).
public struct MedicationErrorRecorded: CareEventPayload {
    /// `MedicationErrorRecorded`.
    public static let eventType = "MedicationErrorRecorded"
    /// The current schema version.
    public static let schemaVersion: UInt16 = 1
    /// The stream kind: `medication/<id>`.
    public static let streamKind: StreamKind? = .medication
    /// May be the first event of its stream.
    public static let startsStream = true

    /// An identifier for the error.
    public var errorId: String
    /// When it was discovered.
    public var discoveredAt: Timestamp
    /// When it happened, if known; not after discovery.
    public var occurredAt: Timestamp?
    /// Where in the process.
    public var stage: MedicationErrorStage
    /// Commission or omission.
    public var kind: MedicationErrorKind
    /// Whether it was prevented before reaching the person.
    public var nearMiss: Bool
    /// The harm caused.
    public var harm: HarmLevel
    /// Whether a controlled drug was involved (then notifiable, rules.md §4.3).
    public var controlledDrug: Bool
    /// The sequence number of the MAR entry concerned, if any.
    public var marEntrySequence: UInt64?
    /// The incident raised for it, if any.
    public var incidentId: String?
    /// Whether the NHS Board CD Accountable Officer was told.
    public var reportedToAccountableOfficer: Bool?

    /// Creates the value; optional fields default to absent.
    public init(
        errorId: String, discoveredAt: Timestamp, occurredAt: Timestamp? = nil, stage: MedicationErrorStage,
        kind: MedicationErrorKind, nearMiss: Bool, harm: HarmLevel, controlledDrug: Bool,
        marEntrySequence: UInt64? = nil, incidentId: String? = nil, reportedToAccountableOfficer: Bool? = nil
    ) {
        self.errorId = errorId
        self.discoveredAt = discoveredAt
        self.occurredAt = occurredAt
        self.stage = stage
        self.kind = kind
        self.nearMiss = nearMiss
        self.harm = harm
        self.controlledDrug = controlledDrug
        self.marEntrySequence = marEntrySequence
        self.incidentId = incidentId
        self.reportedToAccountableOfficer = reportedToAccountableOfficer
    }

    /// This event as a ``CareEvent``.
    public var careEvent: CareEvent { .medicationErrorRecorded(self) }

    /// Checks plausible values and references.
    public func check(_ c: inout PayloadChecks) {
        c.reference(.person, c.streamID, "stream")
        c.identifier(errorId, "errorId")
        c.notInFuture(discoveredAt, "discoveredAt")
        if let occurredAt { c.require(occurredAt <= discoveredAt, "occurredAt", "must not be after discoveredAt") }
        if let incidentId { c.reference(.incident, incidentId, "incidentId") }
        if let marEntrySequence {
            c.require(marEntrySequence >= 1, "marEntrySequence", "must be a sequence number (1 or more)")
        }
    }
}
