import CareCalendar
import CareRecord

/// The dates of one complaint that the SPSO model procedure's time limits are measured on.
struct ComplianceComplaint: Hashable, Sendable {
    var team: String
    var receivedOn: CareDate
    var startsAt: ComplaintStage
    var acknowledgedOn: CareDate?
    var stage1RespondedOn: CareDate?
    var stage1ExtensionAgreed = false
    var stage2StartedOn: CareDate?
    var stage2AcknowledgedOn: CareDate?
    var stage2RespondedOn: CareDate?
    var withdrawnOn: CareDate?

    init(received: ComplaintReceived, team: String) {
        self.team = team
        receivedOn = received.receivedOn
        startsAt = received.startsAt
        if received.startsAt == .stage2 { stage2StartedOn = received.receivedOn }
    }

    /// The stage 1 deadline: received + stage 1 working days (+ the extension when agreed with the complainant).
    func stage1Due(rules: RulesAdopted, calendar: WorkingDayCalendar) -> CareDate? {
        guard startsAt == .stage1 else { return nil }
        let days = rules.complaintStage1WorkingDays + (stage1ExtensionAgreed ? rules.complaintStage1ExtensionWorkingDays : 0)
        return calendar.addingWorkingDays(days, to: receivedOn)
    }

    /// The stage 2 acknowledgement and response deadlines, counted from the start of stage 2.
    func stage2Due(rules: RulesAdopted, calendar: WorkingDayCalendar) -> (acknowledge: CareDate, respond: CareDate)? {
        guard let start = stage2StartedOn else { return nil }
        return (calendar.addingWorkingDays(rules.complaintStage2AcknowledgeWorkingDays, to: start),
                calendar.addingWorkingDays(rules.complaintStage2ResponseWorkingDays, to: start))
    }

    /// Counts each deadline that fell in the window; a withdrawn complaint leaves the
    /// denominators of the steps it was withdrawn before.
    func count(into measures: inout ComplianceMeasures, rules: RulesAdopted, calendar: WorkingDayCalendar, window: ComplianceWindow) {
        func counts(_ done: CareDate?, due: CareDate) -> Bool? {
            guard window.contains(due) else { return nil }
            if done == nil, withdrawnOn != nil { return nil }
            return done.map { $0 <= due } ?? false
        }
        if let due = stage1Due(rules: rules, calendar: calendar), let met = counts(stage1RespondedOn, due: due) {
            measures.complaintsStage1OnTime.record(met)
        }
        if let due = stage2Due(rules: rules, calendar: calendar) {
            let acknowledged = stage2AcknowledgedOn ?? (startsAt == .stage2 ? acknowledgedOn : nil)
            if let met = counts(acknowledged, due: due.acknowledge) { measures.complaintsStage2AcknowledgedOnTime.record(met) }
            if let met = counts(stage2RespondedOn, due: due.respond) { measures.complaintsStage2OnTime.record(met) }
        }
    }
}
