/// What the demo generator produced: tests compare report numerators and denominators with
/// these, and `carelog demo` prints them.
///
/// Every visit scheduled gets exactly one outcome in the period, so
/// `visitsScheduled == visitsDelivered + visitsMissed + visitsCancelledByPerson`, and every
/// delivered visit is either electronic or manual, on time or late (by the default rules:
/// 30 minutes, 15 for time-critical visits). Corrections in the demo never change a count.
public struct DemoCounts: Hashable, Sendable, Codable {
    /// Events appended, in total.
    public var events = 0
    /// Events by type.
    public var eventsByType: [String: Int] = [:]

    /// Teams (localities' teams).
    public var teams = 0
    /// Staff who joined (including those employed before the period, recorded at its start).
    public var staffJoined = 0
    /// Staff who left.
    public var staffLeft = 0
    /// Training completions recorded.
    public var trainingRecords = 0
    /// Supervisions recorded.
    public var supervisions = 0
    /// SSSC registrations recorded.
    public var ssscRegistrations = 0

    /// People whose service started (including those already receiving it at the start).
    public var peopleStarted = 0
    /// Of those, people already receiving the service when the period started.
    public var peopleAlreadyReceivingService = 0
    /// People whose service ended in the period.
    public var peopleEnded = 0
    /// Of those, people who died.
    public var deaths = 0
    /// Personal plans prepared (first plans).
    public var plansPrepared = 0
    /// First plans prepared within 28 days of the first service date.
    public var plansWithin28Days = 0
    /// Reviews held.
    public var reviewsHeld = 0
    /// Reviews requested.
    public var reviewRequests = 0
    /// Significant changes recorded.
    public var significantChanges = 0
    /// Plan revisions.
    public var planRevisions = 0
    /// Hospital admissions.
    public var hospitalAdmissions = 0

    /// Visits scheduled.
    public var visitsScheduled = 0
    /// Visits delivered (checked in and out).
    public var visitsDelivered = 0
    /// Delivered visits checked in and out electronically.
    public var visitsElectronic = 0
    /// Delivered visits logged by hand with an exception code.
    public var visitsManual = 0
    /// Delivered visits that started within the lateness tolerance.
    public var visitsOnTime = 0
    /// Delivered visits that started late.
    public var visitsLate = 0
    /// Visits missed.
    public var visitsMissed = 0
    /// Visits cancelled by the person (not missed).
    public var visitsCancelledByPerson = 0

    /// MAR entries (one per medicine per scheduled occasion), not counting the voided duplicate.
    public var marEntries = 0
    /// MAR entries where the medicine was taken (administered, prompted-taken, assisted).
    public var marGiven = 0
    /// MAR entries refused.
    public var marRefused = 0
    /// MAR entries not given or withheld on advice.
    public var marNotGiven = 0
    /// MAR entries recorded as missed (the visit was missed).
    public var marMissed = 0
    /// Medication errors.
    public var medicationErrors = 0

    /// Incidents recorded.
    public var incidents = 0
    /// Incidents that must be notified to the Care Inspectorate.
    public var notifiableIncidents = 0
    /// Notifications submitted.
    public var notificationsSubmitted = 0
    /// Notifications submitted within 24 hours of the service becoming aware.
    public var notificationsOnTime = 0
    /// Notifications submitted late.
    public var notificationsLate = 0
    /// Notifiable incidents never notified.
    public var notificationsMissing = 0
    /// Notification follow-ups.
    public var notificationFollowUps = 0

    /// Complaints received.
    public var complaintsReceived = 0
    /// Complaints handled at stage 1 and answered.
    public var complaintsStage1Responded = 0
    /// Stage 1 answers within 5 working days (10 with an agreed extension).
    public var complaintsStage1OnTime = 0
    /// Stage 1 extensions agreed.
    public var complaintsStage1Extended = 0
    /// Complaints at stage 2 (escalated or complex from the outset).
    public var complaintsStage2 = 0
    /// Stage 2 acknowledgements within 3 working days.
    public var complaintsStage2AcknowledgedOnTime = 0
    /// Stage 2 complaints answered.
    public var complaintsStage2Responded = 0
    /// Stage 2 answers within 20 working days.
    public var complaintsStage2OnTime = 0
    /// Complaints closed.
    public var complaintsClosed = 0
    /// Complaints withdrawn.
    public var complaintsWithdrawn = 0
    /// Complaints referred to the SPSO.
    public var complaintsReferred = 0

    /// Care Inspectorate inspections graded.
    public var inspections = 0
    /// Improvement programmes, workstreams, activities and quarterly activity updates.
    public var programmes = 0, workstreams = 0, activities = 0, activityUpdates = 0
    /// Rule sets adopted.
    public var rulesAdopted = 0
    /// Entries corrected and voided.
    public var corrections = 0, voids = 0

    /// Creates zero counts.
    public init() {}

    /// The headline lines `carelog demo` prints.
    public var summaryLines: [String] {
        func pct(_ n: Int, _ d: Int) -> String {
            d == 0
                ? "n/a"
                : String(Int((Double(n) * 1000 / Double(d)).rounded()) / 10) + "."
                    + String(Int((Double(n) * 1000 / Double(d)).rounded()) % 10) + "%"
        }
        return [
            "events                 \(events)",
            "people                 \(peopleStarted) (\(peopleAlreadyReceivingService) already receiving a service at the start; \(peopleEnded) ended, \(deaths) died)",
            "staff                  \(staffJoined) (\(staffLeft) left); \(trainingRecords) training records, \(supervisions) supervisions, \(ssscRegistrations) SSSC registrations",
            "personal plans         \(plansPrepared) prepared, \(plansWithin28Days) within 28 days of the first service date (\(pct(plansWithin28Days, plansPrepared)))",
            "reviews                \(reviewsHeld) held (\(reviewRequests) requested, \(significantChanges) significant changes)",
            "visits                 \(visitsScheduled) scheduled: \(visitsDelivered) delivered, \(visitsMissed) missed, \(visitsCancelledByPerson) cancelled by the person",
            "ECM compliance         \(visitsElectronic) of \(visitsDelivered) delivered visits verified electronically (\(pct(visitsElectronic, visitsDelivered)))",
            "visits on time         \(visitsOnTime) of \(visitsDelivered) (\(pct(visitsOnTime, visitsDelivered))); \(visitsLate) late",
            "medication (MAR)       \(marEntries) entries: \(marGiven) taken, \(marRefused) refused, \(marNotGiven) not given, \(marMissed) missed; \(medicationErrors) errors",
            "incidents              \(incidents) (\(notifiableIncidents) notifiable)",
            "notifications          \(notificationsSubmitted) submitted: \(notificationsOnTime) on time, \(notificationsLate) late; \(notificationsMissing) never notified",
            "complaints             \(complaintsReceived) received; stage 1: \(complaintsStage1OnTime) of \(complaintsStage1Responded) on time (\(complaintsStage1Extended) extended); stage 2: \(complaintsStage2) (\(complaintsStage2OnTime) of \(complaintsStage2Responded) answered on time)",
            "improvement programme \(programmes) programme, \(workstreams) workstreams, \(activities) activities, \(activityUpdates) quarterly updates",
            "corrections            \(corrections) corrected, \(voids) voided",
        ]
    }
}
