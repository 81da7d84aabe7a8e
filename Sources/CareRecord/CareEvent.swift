/// Every fact the care record stores: one case per event type, each wrapping its payload.
///
/// Build one from a payload with ``CareEventPayload/careEvent``; read one from the log with
/// ``CareEventCodec/decode(_:)``.
///
/// A value is as large as its largest inline payload, and a rebuild copies one per event several
/// times (decoded, handed across threads, folded): the cases whose payload is larger than a
/// `VisitScheduled` are `indirect` (boxed), so every value stays small; a boxed case costs one
/// allocation when it is decoded.
public enum CareEvent: Hashable, Sendable {
    /// A ``ServiceStarted`` event.
    indirect case serviceStarted(ServiceStarted)
    /// A ``ServiceEnded`` event.
    case serviceEnded(ServiceEnded)
    /// A ``HospitalAdmissionRecorded`` event.
    case hospitalAdmissionRecorded(HospitalAdmissionRecorded)
    /// A ``HospitalDischargeRecorded`` event.
    case hospitalDischargeRecorded(HospitalDischargeRecorded)
    /// A ``PersonalPlanPrepared`` event.
    case personalPlanPrepared(PersonalPlanPrepared)
    /// A ``PersonalPlanMadeAvailable`` event.
    case personalPlanMadeAvailable(PersonalPlanMadeAvailable)
    /// A ``PersonalPlanRevised`` event.
    case personalPlanRevised(PersonalPlanRevised)
    /// A ``PlanRevisionNotified`` event.
    case planRevisionNotified(PlanRevisionNotified)
    /// A ``ReviewRequested`` event.
    case reviewRequested(ReviewRequested)
    /// A ``SignificantChangeRecorded`` event.
    case significantChangeRecorded(SignificantChangeRecorded)
    /// A ``ReviewHeld`` event.
    case reviewHeld(ReviewHeld)
    /// A ``VisitScheduled`` event.
    case visitScheduled(VisitScheduled)
    /// A ``VisitCheckedIn`` event.
    case visitCheckedIn(VisitCheckedIn)
    /// A ``VisitCheckedOut`` event.
    case visitCheckedOut(VisitCheckedOut)
    /// A ``VisitMissed`` event.
    case visitMissed(VisitMissed)
    /// A ``VisitCancelled`` event.
    case visitCancelled(VisitCancelled)
    /// A ``MedicationRecorded`` event.
    indirect case medicationRecorded(MedicationRecorded)
    /// A ``MedicationErrorRecorded`` event.
    case medicationErrorRecorded(MedicationErrorRecorded)
    /// A ``IncidentRecorded`` event.
    indirect case incidentRecorded(IncidentRecorded)
    /// A ``NotificationSubmitted`` event.
    indirect case notificationSubmitted(NotificationSubmitted)
    /// A ``NotificationFollowedUp`` event.
    case notificationFollowedUp(NotificationFollowedUp)
    /// A ``ComplaintReceived`` event.
    indirect case complaintReceived(ComplaintReceived)
    /// A ``ComplaintAcknowledged`` event.
    case complaintAcknowledged(ComplaintAcknowledged)
    /// A ``ComplaintStage1Responded`` event.
    case complaintStage1Responded(ComplaintStage1Responded)
    /// A ``ComplaintExtensionAgreed`` event.
    case complaintExtensionAgreed(ComplaintExtensionAgreed)
    /// A ``ComplaintEscalatedToStage2`` event.
    case complaintEscalatedToStage2(ComplaintEscalatedToStage2)
    /// A ``ComplaintStage2Acknowledged`` event.
    case complaintStage2Acknowledged(ComplaintStage2Acknowledged)
    /// A ``ComplaintStage2Responded`` event.
    case complaintStage2Responded(ComplaintStage2Responded)
    /// A ``ComplaintClosed`` event.
    case complaintClosed(ComplaintClosed)
    /// A ``ComplaintWithdrawn`` event.
    case complaintWithdrawn(ComplaintWithdrawn)
    /// A ``ComplaintReferred`` event.
    case complaintReferred(ComplaintReferred)
    /// A ``StaffJoined`` event.
    case staffJoined(StaffJoined)
    /// A ``StaffLeft`` event.
    case staffLeft(StaffLeft)
    /// A ``TrainingCompleted`` event.
    case trainingCompleted(TrainingCompleted)
    /// A ``SupervisionHeld`` event.
    case supervisionHeld(SupervisionHeld)
    /// A ``SSSCRegistrationRecorded`` event.
    case ssscRegistrationRecorded(SSSCRegistrationRecorded)
    /// A ``InspectionGraded`` event.
    indirect case inspectionGraded(InspectionGraded)
    /// A ``ProgrammeDefined`` event.
    indirect case programmeDefined(ProgrammeDefined)
    /// A ``WorkstreamDefined`` event.
    case workstreamDefined(WorkstreamDefined)
    /// A ``ActivityDefined`` event.
    indirect case activityDefined(ActivityDefined)
    /// A ``ActivityUpdateRecorded`` event.
    case activityUpdateRecorded(ActivityUpdateRecorded)
    /// A ``EntryVoided`` event.
    case entryVoided(EntryVoided)
    /// A ``RulesAdopted`` event.
    indirect case rulesAdopted(RulesAdopted)
    /// A ``RecordsMigrated`` event.
    case recordsMigrated(RecordsMigrated)
    /// A ``AccessGranted`` event.
    indirect case accessGranted(AccessGranted)
    /// A ``AccessRevoked`` event.
    case accessRevoked(AccessRevoked)
    /// A ``RecordAccessed`` event.
    indirect case recordAccessed(RecordAccessed)
    /// A ``EntryCorrected`` event.
    indirect case entryCorrected(EntryCorrected)

    /// The payload as its protocol type.
    public var payload: any CareEventPayload {
        switch self {
        case .serviceStarted(let e): return e
        case .serviceEnded(let e): return e
        case .hospitalAdmissionRecorded(let e): return e
        case .hospitalDischargeRecorded(let e): return e
        case .personalPlanPrepared(let e): return e
        case .personalPlanMadeAvailable(let e): return e
        case .personalPlanRevised(let e): return e
        case .planRevisionNotified(let e): return e
        case .reviewRequested(let e): return e
        case .significantChangeRecorded(let e): return e
        case .reviewHeld(let e): return e
        case .visitScheduled(let e): return e
        case .visitCheckedIn(let e): return e
        case .visitCheckedOut(let e): return e
        case .visitMissed(let e): return e
        case .visitCancelled(let e): return e
        case .medicationRecorded(let e): return e
        case .medicationErrorRecorded(let e): return e
        case .incidentRecorded(let e): return e
        case .notificationSubmitted(let e): return e
        case .notificationFollowedUp(let e): return e
        case .complaintReceived(let e): return e
        case .complaintAcknowledged(let e): return e
        case .complaintStage1Responded(let e): return e
        case .complaintExtensionAgreed(let e): return e
        case .complaintEscalatedToStage2(let e): return e
        case .complaintStage2Acknowledged(let e): return e
        case .complaintStage2Responded(let e): return e
        case .complaintClosed(let e): return e
        case .complaintWithdrawn(let e): return e
        case .complaintReferred(let e): return e
        case .staffJoined(let e): return e
        case .staffLeft(let e): return e
        case .trainingCompleted(let e): return e
        case .supervisionHeld(let e): return e
        case .ssscRegistrationRecorded(let e): return e
        case .inspectionGraded(let e): return e
        case .programmeDefined(let e): return e
        case .workstreamDefined(let e): return e
        case .activityDefined(let e): return e
        case .activityUpdateRecorded(let e): return e
        case .entryVoided(let e): return e
        case .rulesAdopted(let e): return e
        case .recordsMigrated(let e): return e
        case .accessGranted(let e): return e
        case .accessRevoked(let e): return e
        case .recordAccessed(let e): return e
        case .entryCorrected(let e): return e
        }
    }

    /// The payload's type, without boxing the payload (``payload`` copies it into an existential,
    /// which allocates for most types; the type, schema version and stream kind are asked per event).
    public var payloadType: any CareEventPayload.Type {
        switch self {
        case .serviceStarted: return ServiceStarted.self
        case .serviceEnded: return ServiceEnded.self
        case .hospitalAdmissionRecorded: return HospitalAdmissionRecorded.self
        case .hospitalDischargeRecorded: return HospitalDischargeRecorded.self
        case .personalPlanPrepared: return PersonalPlanPrepared.self
        case .personalPlanMadeAvailable: return PersonalPlanMadeAvailable.self
        case .personalPlanRevised: return PersonalPlanRevised.self
        case .planRevisionNotified: return PlanRevisionNotified.self
        case .reviewRequested: return ReviewRequested.self
        case .significantChangeRecorded: return SignificantChangeRecorded.self
        case .reviewHeld: return ReviewHeld.self
        case .visitScheduled: return VisitScheduled.self
        case .visitCheckedIn: return VisitCheckedIn.self
        case .visitCheckedOut: return VisitCheckedOut.self
        case .visitMissed: return VisitMissed.self
        case .visitCancelled: return VisitCancelled.self
        case .medicationRecorded: return MedicationRecorded.self
        case .medicationErrorRecorded: return MedicationErrorRecorded.self
        case .incidentRecorded: return IncidentRecorded.self
        case .notificationSubmitted: return NotificationSubmitted.self
        case .notificationFollowedUp: return NotificationFollowedUp.self
        case .complaintReceived: return ComplaintReceived.self
        case .complaintAcknowledged: return ComplaintAcknowledged.self
        case .complaintStage1Responded: return ComplaintStage1Responded.self
        case .complaintExtensionAgreed: return ComplaintExtensionAgreed.self
        case .complaintEscalatedToStage2: return ComplaintEscalatedToStage2.self
        case .complaintStage2Acknowledged: return ComplaintStage2Acknowledged.self
        case .complaintStage2Responded: return ComplaintStage2Responded.self
        case .complaintClosed: return ComplaintClosed.self
        case .complaintWithdrawn: return ComplaintWithdrawn.self
        case .complaintReferred: return ComplaintReferred.self
        case .staffJoined: return StaffJoined.self
        case .staffLeft: return StaffLeft.self
        case .trainingCompleted: return TrainingCompleted.self
        case .supervisionHeld: return SupervisionHeld.self
        case .ssscRegistrationRecorded: return SSSCRegistrationRecorded.self
        case .inspectionGraded: return InspectionGraded.self
        case .programmeDefined: return ProgrammeDefined.self
        case .workstreamDefined: return WorkstreamDefined.self
        case .activityDefined: return ActivityDefined.self
        case .activityUpdateRecorded: return ActivityUpdateRecorded.self
        case .entryVoided: return EntryVoided.self
        case .rulesAdopted: return RulesAdopted.self
        case .recordsMigrated: return RecordsMigrated.self
        case .accessGranted: return AccessGranted.self
        case .accessRevoked: return AccessRevoked.self
        case .recordAccessed: return RecordAccessed.self
        case .entryCorrected: return EntryCorrected.self
        }
    }

    /// Whether this is a correction or void that names its entry by stream and version
    /// (``EntryTarget``), which ``EventValidator/resolvingTarget(_:lookup:)`` turns into a sequence.
    public var namesEntryByTarget: Bool {
        switch self {
        case .entryCorrected(let e): return e.target != nil
        case .entryVoided(let e): return e.target != nil
        default: return false
        }
    }

    /// The event type string, e.g. `VisitScheduled`.
    public var type: String { payloadType.eventType }

    /// The schema version this build writes for the type.
    public var schemaVersion: UInt16 { payloadType.schemaVersion }

    /// The kind of stream it belongs to; `nil` for corrections (the corrected entry's stream).
    public var streamKind: StreamKind? { payloadType.streamKind }

    /// Every payload type in the catalogue, in documentation order.
    public static let allPayloadTypes: [any CareEventPayload.Type] = [
        ServiceStarted.self,
        ServiceEnded.self,
        HospitalAdmissionRecorded.self,
        HospitalDischargeRecorded.self,
        PersonalPlanPrepared.self,
        PersonalPlanMadeAvailable.self,
        PersonalPlanRevised.self,
        PlanRevisionNotified.self,
        ReviewRequested.self,
        SignificantChangeRecorded.self,
        ReviewHeld.self,
        VisitScheduled.self,
        VisitCheckedIn.self,
        VisitCheckedOut.self,
        VisitMissed.self,
        VisitCancelled.self,
        MedicationRecorded.self,
        MedicationErrorRecorded.self,
        IncidentRecorded.self,
        NotificationSubmitted.self,
        NotificationFollowedUp.self,
        ComplaintReceived.self,
        ComplaintAcknowledged.self,
        ComplaintStage1Responded.self,
        ComplaintExtensionAgreed.self,
        ComplaintEscalatedToStage2.self,
        ComplaintStage2Acknowledged.self,
        ComplaintStage2Responded.self,
        ComplaintClosed.self,
        ComplaintWithdrawn.self,
        ComplaintReferred.self,
        StaffJoined.self,
        StaffLeft.self,
        TrainingCompleted.self,
        SupervisionHeld.self,
        SSSCRegistrationRecorded.self,
        InspectionGraded.self,
        ProgrammeDefined.self,
        WorkstreamDefined.self,
        ActivityDefined.self,
        ActivityUpdateRecorded.self,
        EntryVoided.self,
        RulesAdopted.self,
        RecordsMigrated.self,
        AccessGranted.self,
        AccessRevoked.self,
        RecordAccessed.self,
        EntryCorrected.self,
    ]
}
