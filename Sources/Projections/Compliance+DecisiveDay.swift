import CareCalendar
import CareRecord
import EventLog

extension Compliance {
    /// The last day of the compliance window: every case of ``apply(_:recorded:)`` first checks
    /// that its date (``decisiveDay(of:)``) is on or before it, and ignores the event otherwise.
    public static func lastDecisiveDay(of parameters: ProjectionParameters) -> CareDate? {
        ComplianceWindow(period: parameters.period, asAt: parameters.asAt).end
    }

    /// The date ``apply(_:recorded:)`` compares with the window's end before it reads anything
    /// else of the event (an instant's Europe/London day): a fold whose window ends before it
    /// leaves its state unchanged (`ComplianceDecisiveDayTests` checks this over demo logs).
    public static func decisiveDay(of event: CareEvent) -> CareDate? {
        func day(_ instant: Timestamp) -> CareDate { UKTime.ukDate(epochMilliseconds: instant.millisecondsSinceEpoch) }
        switch event {
        case .serviceStarted(let started): return started.firstServiceOn
        case .serviceEnded(let ended): return ended.endedOn
        case .personalPlanPrepared(let plan): return plan.preparedOn
        case .reviewHeld(let review): return review.heldOn
        case .visitScheduled(let scheduled): return day(scheduled.plannedStart)
        case .visitCheckedIn(let checkIn): return day(checkIn.checkedInAt)
        case .visitCheckedOut(let checkOut): return day(checkOut.checkedOutAt)
        case .visitMissed(let missed): return day(missed.detectedAt)
        case .visitCancelled(let cancelled): return day(cancelled.cancelledAt)
        case .medicationRecorded(let entry): return day(entry.scheduledFor)
        case .medicationErrorRecorded(let error): return day(error.discoveredAt)
        case .complaintReceived(let received): return received.receivedOn
        case .complaintAcknowledged(let ack): return ack.acknowledgedOn
        case .complaintStage1Responded(let response): return response.respondedOn
        case .complaintExtensionAgreed(let agreed): return agreed.agreedOn
        case .complaintEscalatedToStage2(let escalation): return escalation.escalatedOn
        case .complaintStage2Acknowledged(let ack): return ack.acknowledgedOn
        case .complaintStage2Responded(let response): return response.respondedOn
        case .complaintWithdrawn(let withdrawal): return withdrawal.withdrawnOn
        case .notificationSubmitted(let submitted): return day(submitted.submittedAt)
        case .notificationFollowedUp(let followUp): return day(followUp.followedUpAt)
        case .staffJoined(let joined): return joined.joinedOn
        case .staffLeft(let left): return left.leftOn
        case .trainingCompleted(let training): return training.completedOn
        case .supervisionHeld(let supervision): return supervision.heldOn
        case .ssscRegistrationRecorded(let registration): return registration.registeredOn
        default: return nil
        }
    }

    /// The decisive day of the event `record` was read from (``decisiveDay(of:)`` of that event).
    static func decisiveDay(of record: ComplianceRecord) -> CareDate? {
        func day(_ instant: Timestamp) -> CareDate { UKTime.ukDate(epochMilliseconds: instant.millisecondsSinceEpoch) }
        switch record.payload {
        case .visitScheduled(let plannedStart, _, _, _, _): return day(plannedStart)
        case .visitCheckedIn(let at, _): return day(at)
        case .visitCheckedOut(let at, _): return day(at)
        case .medicationRecorded(let scheduledFor, _): return day(scheduledFor)
        case .event(let decoded): return decisiveDay(of: decoded.event)
        case .skipped: return nil
        }
    }
}
