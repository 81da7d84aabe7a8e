import CareCalendar
import CareRecord

/// The dates of one complaint that the SPSO model procedure's time limits are measured on.
struct ComplianceComplaint: Hashable, Sendable, Codable {
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
        let days =
            rules.complaintStage1WorkingDays + (stage1ExtensionAgreed ? rules.complaintStage1ExtensionWorkingDays : 0)
        return calendar.addingWorkingDays(days, to: receivedOn)
    }

    /// The stage 2 acknowledgement and response deadlines, counted from the start of stage 2.
    func stage2Due(rules: RulesAdopted, calendar: WorkingDayCalendar) -> (acknowledge: CareDate, respond: CareDate)? {
        guard let start = stage2StartedOn else { return nil }
        return (
            calendar.addingWorkingDays(rules.complaintStage2AcknowledgeWorkingDays, to: start),
            calendar.addingWorkingDays(rules.complaintStage2ResponseWorkingDays, to: start)
        )
    }

    /// Every deadline of this complaint that fell in the window, with how it was met; a
    /// withdrawn complaint's unanswered steps are `withdrawn` (not counted).
    func deadlines(id: String, rules: RulesAdopted, calendar: WorkingDayCalendar, window: ComplianceWindow)
        -> [ComplaintDeadline]
    {
        var out: [ComplaintDeadline] = []
        func add(_ step: ComplaintDeadline.Step, started: CareDate, due: CareDate, extended: CareDate?, done: CareDate?)
        {
            let effective = extended ?? due
            guard window.contains(effective) else { return }
            let outcome: ComplaintDeadline.Outcome
            if let done {
                outcome = done <= effective ? .onTime : .late
            } else {
                outcome = withdrawnOn != nil ? .withdrawn : .unanswered
            }
            out.append(
                ComplaintDeadline(
                    complaintId: id, team: team, step: step, startedOn: started, dueOn: due, extendedDueOn: extended,
                    answeredOn: done, outcome: outcome))
        }
        if startsAt == .stage1 {
            let due = calendar.addingWorkingDays(rules.complaintStage1WorkingDays, to: receivedOn)
            add(
                .stage1Response, started: receivedOn, due: due,
                extended: stage1ExtensionAgreed ? stage1Due(rules: rules, calendar: calendar) : nil,
                done: stage1RespondedOn)
        }
        if let start = stage2StartedOn, let due = stage2Due(rules: rules, calendar: calendar) {
            let acknowledged = stage2AcknowledgedOn ?? (startsAt == .stage2 ? acknowledgedOn : nil)
            add(.stage2Acknowledgement, started: start, due: due.acknowledge, extended: nil, done: acknowledged)
            add(.stage2Response, started: start, due: due.respond, extended: nil, done: stage2RespondedOn)
        }
        return out
    }

    /// Counts each deadline that fell in the window (from ``deadlines(id:rules:calendar:window:)``);
    /// a withdrawn complaint leaves the denominators of the steps it was withdrawn before.
    func count(_ deadlines: [ComplaintDeadline], into measures: inout ComplianceMeasures) {
        for deadline in deadlines where deadline.outcome != .withdrawn {
            let met = deadline.outcome == .onTime
            switch deadline.step {
            case .stage1Response: measures.complaintsStage1OnTime.record(met)
            case .stage2Acknowledgement: measures.complaintsStage2AcknowledgedOnTime.record(met)
            case .stage2Response: measures.complaintsStage2OnTime.record(met)
            }
        }
    }
}
