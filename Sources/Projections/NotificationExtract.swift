import CareCalendar
import CareRecord
import EventLog

/// The Care Inspectorate notification extract for a period: every notification whose
/// (corrected) became-aware date falls in the period, with its deadline and timeliness, and
/// every notifiable incident with no notification yet.
///
/// Selection is by the UK calendar date of **becoming aware** (the deadline's start), so each
/// matter appears in exactly one period whether or not, and whenever, it was notified.
/// Notifiable incidents with no notification are listed when the service became aware on or
/// before the period's end (earlier ones marked carried forward). Only what the inspector needs
/// is carried: category labels, instants, pseudonymous references, eForms references — no
/// names, summaries or staff ids.
public struct NotificationExtract: Hashable, Sendable {
    /// The period (UK dates, inclusive).
    public var period: ClosedRange<CareDate>
    /// How people and incidents are named.
    public var identifiers: SubjectIdentifiers
    /// The recipient whose pseudonym key named them (nil for internal ids).
    public var recipient: String?
    /// Submitted notifications, by became-aware instant then sequence.
    public var notifications: [NotificationExtractEntry]
    /// Notifiable incidents without a notification, by became-aware instant then sequence.
    public var unnotifiedIncidents: [UnnotifiedIncident]

    /// Creates an extract.
    public init(
        period: ClosedRange<CareDate>, identifiers: SubjectIdentifiers, recipient: String? = nil,
        notifications: [NotificationExtractEntry], unnotifiedIncidents: [UnnotifiedIncident]
    ) {
        self.period = period
        self.identifiers = identifiers
        self.recipient = recipient
        self.notifications = notifications
        self.unnotifiedIncidents = unnotifiedIncidents
    }

    /// Builds the extract from a folded ledger (pure).
    ///
    /// - Parameters:
    ///   - context: gives the period, the reporting date and the rules (deadlines).
    ///   - corrections: marks entries changed by `EntryCorrected`; pass `CorrectionIndex()` if unknown.
    ///   - naming: pseudonyms under a recipient's key, or internal ids.
    public static func build(
        ledger: NotificationLedger, context: ProjectionContext, corrections: CorrectionIndex = CorrectionIndex(),
        naming: SubjectNaming
    ) -> NotificationExtract {
        let period = context.parameters.period
        let rules = context.rules
        func person(_ id: String?) -> String? { id.map { SubjectReference.person($0, naming: naming) } }
        func incidentReference(_ id: String) -> String { SubjectReference.incident(id, naming: naming) }
        func incident(_ id: String?) -> String? { id.map(incidentReference) }

        var entries: [NotificationExtractEntry] = []
        var notifiedIncidents = Set<String>()
        for (_, notification) in ledger.notifications {
            let submission = notification.submission
            if let incidentId = submission.incidentId { notifiedIncidents.insert(incidentId) }
            var category = submission.category
            var becameAwareAt = submission.becameAwareAt
            for followUp in notification.followUps where followUp.kind == .correction {
                if let corrected = followUp.correctedCategory { category = corrected }
                if let corrected = followUp.correctedBecameAwareAt { becameAwareAt = corrected }
            }
            guard period.contains(UKTime.ukDate(epochMilliseconds: becameAwareAt.millisecondsSinceEpoch)) else {
                continue
            }
            let linked = submission.incidentId.flatMap { ledger.incidents[$0]?.payload }
            let deadlineRule = rules.notificationDeadline(for: category)
            let deadline = becameAwareAt.adding(milliseconds: Int64(deadlineRule.hours) * 3_600_000)
            let lateBy = submission.submittedAt.millisecondsSinceEpoch - deadline.millisecondsSinceEpoch
            let correctedBy = corrections.correction(of: notification.sequence)
            var sources = [notification.sequence] + notification.followUps.map(\.sequence)
            if let correctedBy { sources.append(correctedBy) }
            if let incidentId = submission.incidentId, let incident = ledger.incidents[incidentId] {
                sources.append(incident.sequence)
                if let fix = corrections.correction(of: incident.sequence) { sources.append(fix) }
            }
            var entry = NotificationExtractEntry(
                sequence: notification.sequence, category: category,
                submittedCategory: category == submission.category ? nil : submission.category,
                subject: person(submission.personId ?? linked?.personId) ?? incident(submission.incidentId),
                incident: incident(submission.incidentId),
                eventOccurredAt: submission.eventOccurredAt ?? linked?.occurredAt,
                becameAwareAt: becameAwareAt, submittedAt: submission.submittedAt, deadline: deadline,
                deadlineHours: deadlineRule.hours, deadlineConfirmed: deadlineRule.confirmed,
                timeliness: lateBy > 0 ? .late(byMilliseconds: lateBy) : .onTime,
                eFormsReference: submission.eFormsReference,
                followUps: notification.followUps.map { .init(sequence: $0.sequence, at: $0.at, kind: $0.kind) },
                correctedBy: correctedBy)
            entry.sources = [notification.sequence] + Set(sources).subtracting([notification.sequence]).sorted()
            entries.append(entry)
        }
        entries.sort { ($0.becameAwareAt, $0.sequence) < ($1.becameAwareAt, $1.sequence) }

        let endOfReportingDay = UKTime.startOfDay(context.parameters.asAt.adding(days: 1))
        var unnotified: [UnnotifiedIncident] = []
        for (incidentId, entry) in ledger.incidents where !notifiedIncidents.contains(incidentId) {
            let recorded = entry.payload
            guard NotifiableIncidentKinds.isNotifiable(recorded) else { continue }
            let awareDate = UKTime.ukDate(epochMilliseconds: recorded.becameAwareAt.millisecondsSinceEpoch)
            guard awareDate <= period.upperBound else { continue }
            let category = NotifiableIncidentKinds.expectedCategory(for: recorded)
            let deadlineRule = rules.notificationDeadline(for: category)
            let deadline = recorded.becameAwareAt.adding(milliseconds: Int64(deadlineRule.hours) * 3_600_000)
            var incident = UnnotifiedIncident(
                sequence: entry.sequence, incident: incidentReference(incidentId),
                subject: person(recorded.personId),
                kind: recorded.kind, expectedCategory: category, occurredAt: recorded.occurredAt,
                becameAwareAt: recorded.becameAwareAt, deadline: deadline,
                deadlineConfirmed: deadlineRule.confirmed,
                overdueAsAt: deadline.millisecondsSinceEpoch < endOfReportingDay,
                carriedForward: awareDate < period.lowerBound)
            incident.sources = [entry.sequence] + (corrections.correction(of: entry.sequence).map { [$0] } ?? [])
            unnotified.append(incident)
        }
        unnotified.sort { ($0.becameAwareAt, $0.sequence) < ($1.becameAwareAt, $1.sequence) }
        return NotificationExtract(
            period: period, identifiers: naming.identifiers, recipient: naming.recipient, notifications: entries,
            unnotifiedIncidents: unnotified)
    }

    /// Folds the ledger at the parameters' log cut (corrections resolved, rules in force on
    /// `asAt`) and builds the extract.
    public static func run(
        parameters: ProjectionParameters, store: any EventStore, naming: SubjectNaming
    ) throws(ProjectionError) -> (extract: NotificationExtract, context: ProjectionContext) {
        let (context, corrections) = try ProjectionRunner.context(for: parameters, in: store)
        var projection = NotificationExtractProjection(context: context)
        try ProjectionRunner.fold(&projection, corrections: corrections, context: context, store: store)
        let extract = build(ledger: projection.output(), context: context, corrections: corrections, naming: naming)
        return (extract, context)
    }
}
