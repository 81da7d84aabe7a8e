import CareCalendar
import CareRecord
import EventLog

/// Compliance for a period, by team and for the whole service: plans and reviews on time,
/// visits (ECM verification, punctuality, missed), MAR, medication errors, complaint and
/// notification time limits, and staff training, supervision and SSSC registration.
///
/// Memory grows with live people, visits in flight, complaints, notifications in the period and
/// staff in post: a visit is counted and forgotten once classified, MAR entries and errors are
/// counted on arrival. Events dated after the period end (or the reporting date) are ignored.
/// Rules and sources: `Docs/projections.md`, "Compliance".
public struct Compliance: ResumableProjection {
    /// Every event type a measure reads.
    public static let eventTypes: Set<String> = [
        ServiceStarted.eventType, ServiceEnded.eventType, PersonalPlanPrepared.eventType, ReviewHeld.eventType,
        VisitScheduled.eventType, VisitCheckedIn.eventType, VisitCheckedOut.eventType, VisitMissed.eventType,
        VisitCancelled.eventType, MedicationRecorded.eventType, MedicationErrorRecorded.eventType,
        ComplaintReceived.eventType, ComplaintAcknowledged.eventType, ComplaintStage1Responded.eventType,
        ComplaintExtensionAgreed.eventType, ComplaintEscalatedToStage2.eventType,
        ComplaintStage2Acknowledged.eventType, ComplaintStage2Responded.eventType, ComplaintWithdrawn.eventType,
        NotificationSubmitted.eventType, NotificationFollowedUp.eventType,
        StaffJoined.eventType, StaffLeft.eventType, TrainingCompleted.eventType, SupervisionHeld.eventType,
        SSSCRegistrationRecorded.eventType,
    ]

    /// What ``apply(_:recorded:)`` looks at: of the envelope, the stream (and the runner the
    /// position); of the payloads that make up most of a log, the fields below (the rest — who
    /// checked in, the medicine, dose and who recorded it, the tasks — is left undecoded).
    public static let reads = EventReading(
        payload: PayloadReading([
            VisitScheduled.eventType: ["carersNeeded", "personId", "plannedStart", "team", "timeCritical"],
            VisitCheckedIn.eventType: ["checkedInAt", "method"],
            VisitCheckedOut.eventType: ["checkedOutAt", "method"],
            MedicationRecorded.eventType: ["outcome", "scheduledFor"],
        ]), wholeEnvelope: false)

    /// The team of anything whose person is not known.
    public static let unassignedTeam = "unassigned"

    private let rules: RulesAdopted
    private let calendar: WorkingDayCalendar
    private let window: ComplianceWindow
    private var people: [String: CompliancePerson] = [:]
    /// Visits in flight not in `saved` (all of them, for a fold that started from nothing).
    private var visits: [String: ComplianceVisit] = [:]
    /// Visits in flight as read from the saved state resumed, read in place: an event about one
    /// takes it into `visits` (``visitIndex(_:)``).
    private var saved: SavedVisits<ComplianceVisit>?
    /// The places in `saved` of the visits taken out of it.
    private var taken: Set<Int> = []
    /// What the visits of `saved` not taken add to each team's figures.
    private var savedTotals: [String: ComplianceVisitTotals] = [:]
    /// Whether a saved visit an event looked up did not read back (the runner then folds again
    /// from the first event).
    private var damaged = false
    private var complaints: [String: ComplianceComplaint] = [:]
    private var notifications: [String: ComplianceNotification] = [:]
    private var staff: [String: ComplianceStaff] = [:]
    /// Counts already final: classified visits, MAR entries, medication errors.
    private var counted: [String: ComplianceMeasures] = [:]

    /// An empty tally for the context's period, rules and calendar.
    public init(context: ProjectionContext) {
        rules = context.rules
        calendar = context.calendar
        window = ComplianceWindow(period: context.parameters.period, asAt: context.parameters.asAt)
    }

    /// The fold's name in the projection checkpoints' keys.
    public static let foldName = "compliance"
    /// Raise when the fold or ``ComplianceFoldState`` changes.
    public static let foldVersion = 3

    /// A tally for the context that continues from a saved state.
    public init(context: ProjectionContext, resuming state: ComplianceFoldState) {
        self.init(context: context)
        people = state.people
        visits = state.visits
        saved = state.saved
        taken = state.taken
        savedTotals = state.savedTotals
        complaints = state.complaints
        notifications = state.notifications
        staff = state.staff
        counted = state.counted
    }

    /// The state after the last event folded.
    public var foldState: ComplianceFoldState {
        var visitTotals: [String: ComplianceVisitTotals] = [:]
        for visit in visits.values {
            visitTotals[visit.team, default: ComplianceVisitTotals()].add(visit, sign: 1, rules: rules, window: window)
        }
        return ComplianceFoldState(
            people: people, visits: visits, saved: saved, taken: taken, savedTotals: savedTotals,
            visitTotals: visitTotals, complaints: complaints, notifications: notifications, staff: staff,
            counted: counted)
    }

    /// Whether a saved visit an event looked up did not read back: the state resumed is damaged,
    /// and this fold's output must not be used.
    public var resumedStateIsDamaged: Bool { damaged }

    /// Folds one event.
    public mutating func apply(_ event: CareEvent, recorded: RecordedEvent) {
        apply(event, streamId: recorded.stream.idString)
    }

    /// Folds one event read by compliance's reader (``ComplianceReader``): the same as folding
    /// the care event it was read from.
    mutating func apply(_ record: ComplianceRecord) {
        let id = record.streamId
        switch record.payload {
        case .visitScheduled(let plannedStart, let personId, let team, let carersNeeded, let timeCritical):
            visitScheduled(
                id, plannedStart: plannedStart, personId: personId, team: team, carersNeeded: carersNeeded,
                timeCritical: timeCritical)
        case .visitCheckedIn(let at, let method): visitCheckedIn(id, at: at, method: method)
        case .visitCheckedOut(let at, let method): visitCheckedOut(id, at: at, method: method)
        case .medicationRecorded(let scheduledFor, let outcome):
            medicationRecorded(id, scheduledFor: scheduledFor, outcome: outcome)
        case .event(let decoded): apply(decoded.event, recorded: decoded.recorded)
        case .skipped: return
        }
    }

    /// Folds `replacement` (a correction's) in place of the event `record` was read from.
    mutating func apply(_ replacement: CareEvent, replacing record: ComplianceRecord) {
        if case .event(let decoded) = record.payload {
            apply(replacement, recorded: decoded.recorded)
        } else {
            apply(replacement, streamId: record.streamId)
        }
    }

    /// Folds one event of the stream whose id is `id`.
    private mutating func apply(_ event: CareEvent, streamId id: String) {
        switch event {
        // People: the plan and review clocks, and the team of everything about the person.
        case .serviceStarted(let started):
            guard started.firstServiceOn <= window.end else { return }
            if var person = people[id] {
                person.team = started.team
                person.firstServiceOn = min(person.firstServiceOn, started.firstServiceOn)
                people[id] = person
            } else {
                people[id] = CompliancePerson(started: started)
            }
        case .serviceEnded(let ended):
            guard ended.endedOn <= window.end, let person = people[id], ended.endedOn >= person.firstServiceOn else {
                return
            }
            // Ended before the window: nothing of theirs can fall due in it.
            if ended.endedOn < window.start { people[id] = nil } else { people[id]?.endedOn = ended.endedOn }
        case .personalPlanPrepared(let plan):
            guard plan.preparedOn <= window.end, let current = people[id] else { return }
            people[id]?.planPreparedOn = current.planPreparedOn.map { min($0, plan.preparedOn) } ?? plan.preparedOn
        case .reviewHeld(let review):
            guard review.heldOn <= window.end, review.trigger == nil || review.trigger == .sixMonthly else { return }
            people[id]?.reviewed(on: review.heldOn, intervalMonths: rules.reviewIntervalMonths, window: window)

        // Visits: tracked from scheduling to classification, then counted and dropped.
        case .visitScheduled(let scheduled):
            visitScheduled(
                id, plannedStart: scheduled.plannedStart, personId: scheduled.personId, team: scheduled.team,
                carersNeeded: scheduled.carersNeeded, timeCritical: scheduled.timeCritical)
        case .visitCheckedIn(let checkIn):
            visitCheckedIn(id, at: checkIn.checkedInAt, method: checkIn.method)
        case .visitCheckedOut(let checkOut):
            visitCheckedOut(id, at: checkOut.checkedOutAt, method: checkOut.method)
        case .visitMissed(let missed):
            // Attendance wins: a visit with a check-in is delivered, whatever else was recorded.
            guard window.isKnown(missed.detectedAt), let index = visitIndex(id),
                visits.values[index].firstCheckIn == nil
            else { return }
            classify(at: index, as: .missed)
        case .visitCancelled(let cancelled):
            guard window.isKnown(cancelled.cancelledAt), let index = visitIndex(id),
                visits.values[index].firstCheckIn == nil
            else { return }
            classify(at: index, as: cancelled.cancelledBy == .person ? .cancelledByPerson : .cancelledByProvider)

        // Medication: counted on arrival.
        case .medicationRecorded(let entry):
            medicationRecorded(id, scheduledFor: entry.scheduledFor, outcome: entry.outcome)
        case .medicationErrorRecorded(let error):
            guard window.contains(error.discoveredAt) else { return }
            tally(team(of: id)) {
                if error.nearMiss { $0.nearMisses += 1 } else { $0.medicationErrors += 1 }
            }

        // Complaints: a few dates each.
        case .complaintReceived(let received):
            guard received.receivedOn <= window.end else { return }
            complaints[id] = ComplianceComplaint(
                received: received, team: received.team ?? received.personId.map(team(of:)) ?? Self.unassignedTeam)
        case .complaintAcknowledged(let ack):
            guard ack.acknowledgedOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) { $0.acknowledgedOn = Self.earlier($0.acknowledgedOn, ack.acknowledgedOn) }
        case .complaintStage1Responded(let response):
            guard response.respondedOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) {
                $0.stage1RespondedOn = Self.earlier($0.stage1RespondedOn, response.respondedOn)
            }
        case .complaintExtensionAgreed(let agreed):
            guard agreed.agreedOn <= window.end, agreed.stage == .stage1, agreed.agreedWithComplainant,
                complaints[id] != nil
            else { return }
            complaints[id]?.stage1ExtensionAgreed = true
        case .complaintEscalatedToStage2(let escalation):
            guard escalation.escalatedOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) {
                $0.stage2StartedOn = Self.earlier($0.stage2StartedOn, escalation.escalatedOn)
            }
        case .complaintStage2Acknowledged(let ack):
            guard ack.acknowledgedOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) {
                $0.stage2AcknowledgedOn = Self.earlier($0.stage2AcknowledgedOn, ack.acknowledgedOn)
            }
        case .complaintStage2Responded(let response):
            guard response.respondedOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) {
                $0.stage2RespondedOn = Self.earlier($0.stage2RespondedOn, response.respondedOn)
            }
        case .complaintWithdrawn(let withdrawal):
            guard withdrawal.withdrawnOn <= window.end, complaints[id] != nil else { return }
            Self.update(&complaints, id) { $0.withdrawnOn = Self.earlier($0.withdrawnOn, withdrawal.withdrawnOn) }

        // Notifications: those submitted in the window.
        case .notificationSubmitted(let submitted):
            guard window.contains(submitted.submittedAt) else { return }
            notifications[id] = ComplianceNotification(
                team: submitted.personId.map(team(of:)) ?? Self.unassignedTeam, category: submitted.category,
                submittedAt: submitted.submittedAt, becameAwareAt: submitted.becameAwareAt)
        case .notificationFollowedUp(let followUp):
            guard followUp.kind == .correction, window.isKnown(followUp.followedUpAt), notifications[id] != nil else {
                return
            }
            if let category = followUp.correctedCategory { notifications[id]?.category = category }
            if let aware = followUp.correctedBecameAwareAt { notifications[id]?.becameAwareAt = aware }

        // Staff: those in post at the window's end.
        case .staffJoined(let joined):
            guard joined.joinedOn <= window.end else { return }
            if staff[id] != nil {
                staff[id]?.team = joined.team
                staff[id]?.role = joined.role
            } else {
                staff[id] = ComplianceStaff(joined: joined)
            }
        case .staffLeft(let left):
            guard left.leftOn <= window.end, let member = staff[id], left.leftOn >= member.joinedOn else { return }
            if left.leftOn < window.end { staff[id] = nil } else { staff[id]?.leftOn = left.leftOn }
        case .trainingCompleted(let training):
            guard training.completedOn <= window.end, staff[id] != nil else { return }
            staff[id]?.completed(training.course, expiresOn: training.expiresOn)
        case .supervisionHeld(let supervision):
            guard supervision.heldOn <= window.end, staff[id] != nil else { return }
            staff[id]?.supervised(on: supervision.heldOn)
        case .ssscRegistrationRecorded(let registration):
            guard registration.registeredOn <= window.end, staff[id] != nil else { return }
            staff[id]?.registered(expiresOn: registration.expiresOn)

        default:
            return
        }
    }

    /// The figures: what has been counted, plus everything still held counted as it stands.
    public func output() -> ComplianceOutput {
        var byTeam = counted
        let rules = rules
        let blank = newMeasures(nil)
        func add(_ team: String, _ body: (inout ComplianceMeasures) -> Void) {
            // In place: one lookup, no copy of the team's measures (called once per visit in
            // flight); a new team starts from `blank`, so nothing here copies the fold (a
            // `newMeasures` call in the default did, retaining all its tables, per visit).
            if let index = byTeam.index(forKey: team) {
                body(&byTeam.values[index])
            } else {
                var measures = blank
                measures.team = team
                body(&measures)
                byTeam[team] = measures
            }
        }
        for (_, person) in people.sorted(by: { $0.key < $1.key }) {
            add(person.team) { person.count(into: &$0, rules: rules, window: window) }
        }
        // Visits in flight only add to counters (``ComplianceRatio``), so their order cannot change
        // the output: no sort of what can be the largest part of the state. They are first summed
        // per team in a short list (a partnership has a few teams: comparing a visit's team with
        // them is cheaper than hashing it), then added to their teams (a team with visits in flight is
        // listed even when none of them counts yet).
        var visitTeams: [String] = []
        var visitCounts: [ComplianceMeasures] = []
        for visit in visits.values {
            let outcome = visit.standing(rules: rules, window: window)
            let slot: Int
            if let found = visitTeams.firstIndex(of: visit.team) {
                slot = found
            } else {
                slot = visitTeams.count
                visitTeams.append(visit.team)
                visitCounts.append(ComplianceMeasures(team: visit.team))
            }
            visit.count(outcome, into: &visitCounts[slot], rules: rules)
        }
        // The saved visits not taken, as the state counted them when it was saved.
        for (team, totals) in savedTotals where totals.inFlight > 0 {
            let slot: Int
            if let found = visitTeams.firstIndex(of: team) {
                slot = found
            } else {
                slot = visitTeams.count
                visitTeams.append(team)
                visitCounts.append(ComplianceMeasures(team: team))
            }
            totals.count(into: &visitCounts[slot])
        }
        for (team, counts) in zip(visitTeams, visitCounts) {
            add(team) {
                $0.missedVisits = $0.missedVisits + counts.missedVisits
                $0.visitsVerifiedElectronically = $0.visitsVerifiedElectronically + counts.visitsVerifiedElectronically
                $0.visitsOnTime = $0.visitsOnTime + counts.visitsOnTime
            }
        }
        var complaintDeadlines: [ComplaintDeadline] = []
        for (id, complaint) in complaints.sorted(by: { $0.key < $1.key }) {
            let deadlines = complaint.deadlines(id: id, rules: rules, calendar: calendar, window: window)
            complaintDeadlines += deadlines
            add(complaint.team) { complaint.count(deadlines, into: &$0) }
        }
        for (_, notification) in notifications.sorted(by: { $0.key < $1.key }) {
            add(notification.team) {
                $0.recordNotification(
                    notification.category, onTime: notification.isOnTime(rules: rules),
                    deadline: rules.notificationDeadline(for: notification.category))
            }
        }
        for (_, member) in staff.sorted(by: { $0.key < $1.key }) {
            add(member.team) { member.count(into: &$0, rules: rules, end: window.end) }
        }
        let teams = byTeam.sorted { $0.key < $1.key }.map(\.value)
        var service = newMeasures(nil)
        for team in teams { service.add(team) }
        complaintDeadlines.sort {
            ($0.effectiveDueOn, $0.complaintId, $0.step.rawValue) < (
                $1.effectiveDueOn, $1.complaintId, $1.step.rawValue
            )
        }
        return ComplianceOutput(
            period: window.start...window.end, teams: teams, service: service, complaintDeadlines: complaintDeadlines)
    }

    // MARK: The events that make up most of a log (from care events and from records)

    private mutating func visitScheduled(
        _ id: String, plannedStart: Timestamp, personId: String, team: String?, carersNeeded: Int, timeCritical: Bool
    ) {
        guard window.contains(plannedStart) else { return }
        // A visit scheduled again replaces the one in flight, saved or not.
        if saved != nil, visits.index(forKey: id) == nil { _ = takeSaved(id) }
        visits[id] = ComplianceVisit(
            team: team ?? self.team(of: personId), plannedStart: plannedStart, timeCritical: timeCritical,
            carersNeeded: carersNeeded)
    }

    // Check-ins and check-outs (most of a log) find their visit by one hash of its id.
    private mutating func visitCheckedIn(_ id: String, at instant: Timestamp, method: CheckMethod) {
        guard window.isKnown(instant), let index = visitIndex(id) else { return }
        visits.values[index].checkedIn(at: instant, method: method)
        if visits.values[index].isComplete { classify(at: index, as: .delivered) }
    }

    private mutating func visitCheckedOut(_ id: String, at instant: Timestamp, method: CheckMethod) {
        guard window.isKnown(instant), let index = visitIndex(id), visits.values[index].firstCheckIn != nil
        else { return }
        visits.values[index].checkedOut(method: method)
        if visits.values[index].isComplete { classify(at: index, as: .delivered) }
    }

    private mutating func medicationRecorded(_ id: String, scheduledFor: Timestamp, outcome: MedicationOutcome) {
        guard window.contains(scheduledFor) else { return }
        tally(team(of: id)) {
            $0.marEntriesWithOutcome.record(outcome != .missed)
            $0.missedMedications.record(outcome == .missed)
        }
    }

    // MARK: Helpers

    /// The person's team from their `ServiceStarted`, or ``unassignedTeam``.
    private func team(of personId: String) -> String { people[personId]?.team ?? Self.unassignedTeam }

    /// Empty measures for a scope, with a row for every required course.
    private func newMeasures(_ team: String?) -> ComplianceMeasures {
        var measures = ComplianceMeasures(team: team)
        measures.trainingByCourse = ComplianceStaff.requiredCourses(rules).map {
            TrainingCourseCompliance(course: $0, current: ComplianceRatio())
        }
        return measures
    }

    /// Where the visit in flight `id` is in `visits`, taking it out of the saved visits first if
    /// it is there (check-ins and check-outs, most of a log, find their visit by one hash of its id).
    @inline(__always)
    private mutating func visitIndex(_ id: String) -> Dictionary<String, ComplianceVisit>.Index? {
        if let index = visits.index(forKey: id) { return index }
        guard saved != nil, takeSaved(id) else { return nil }
        return visits.index(forKey: id)
    }

    /// Moves the saved visit `id`, if there is one not yet taken, into `visits`, and takes its
    /// share out of `savedTotals`; false when there is none (or its entry is damaged, which
    /// marks the fold as resumed from a damaged state).
    @inline(never)
    private mutating func takeSaved(_ id: String) -> Bool {
        guard let saved else { return false }
        switch saved.find(id) {
        case .absent:
            return false
        case .damaged:
            damaged = true
            return false
        case .found(let place, let visit):
            guard taken.insert(place).inserted else { return false }
            savedTotals[visit.team, default: ComplianceVisitTotals()].add(
                visit, sign: -1, rules: rules, window: window)
            visits[id] = visit
            return true
        }
    }

    /// Counts the visit at `index` of ``visits`` and drops it.
    private mutating func classify(
        at index: Dictionary<String, ComplianceVisit>.Index, as outcome: ComplianceVisit.Outcome
    ) {
        let visit = visits.remove(at: index).value
        let rules = rules
        tally(visit.team) { visit.count(outcome, into: &$0, rules: rules) }
    }

    /// Adds final counts for a team.
    private mutating func tally(_ team: String, _ body: (inout ComplianceMeasures) -> Void) {
        if let index = counted.index(forKey: team) {
            body(&counted.values[index])
        } else {
            var measures = newMeasures(team)
            body(&measures)
            counted[team] = measures
        }
    }

    /// Changes the entry for `id` in `table`, if there is one.
    private static func update<Value>(_ table: inout [String: Value], _ id: String, _ body: (inout Value) -> Void) {
        guard var value = table[id] else { return }
        body(&value)
        table[id] = value
    }

    private static func earlier(_ a: CareDate?, _ b: CareDate) -> CareDate { a.map { min($0, b) } ?? b }
}
