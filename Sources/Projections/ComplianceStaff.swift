import CareCalendar
import CareRecord

/// What the compliance projection remembers about one member of staff, as at the window's end.
struct ComplianceStaff: Hashable, Sendable, Codable {
    /// A date after every real expiry: training with no expiry date.
    static let neverExpires = CareDate.latest

    var team: String
    var role: StaffRole
    var joinedOn: CareDate
    var leftOn: CareDate?
    /// Per course, the latest expiry among completions on or before the window's end.
    var courseExpiry: [TrainingCourse: CareDate] = [:]
    var lastSupervisionOn: CareDate?
    /// The latest expiry among SSSC registrations taking effect on or before the window's end.
    var ssscExpiresOn: CareDate?

    init(joined: StaffJoined) {
        team = joined.team
        role = joined.role
        joinedOn = joined.joinedOn
    }

    /// Care staff: every role but administrative staff.
    var isCareStaff: Bool { role != .administrator }

    mutating func completed(_ course: TrainingCourse, expiresOn: CareDate?) {
        let expiry = expiresOn ?? Self.neverExpires
        courseExpiry[course] = courseExpiry[course].map { max($0, expiry) } ?? expiry
    }

    mutating func supervised(on date: CareDate) {
        lastSupervisionOn = lastSupervisionOn.map { max($0, date) } ?? date
    }

    mutating func registered(expiresOn: CareDate) {
        ssscExpiresOn = ssscExpiresOn.map { max($0, expiresOn) } ?? expiresOn
    }

    /// Counts the member of staff into the staff measures if they are care staff in post at `end`.
    /// A course or registration is current when it expires after `end`.
    func count(into measures: inout ComplianceMeasures, rules: RulesAdopted, end: CareDate) {
        guard isCareStaff, joinedOn <= end, leftOn.map({ $0 >= end }) ?? true else { return }
        var allCurrent = true
        for course in ComplianceStaff.requiredCourses(rules) {
            let current = courseExpiry[course].map { $0 > end } ?? false
            measures.recordCourse(course, current: current)
            if !current { allCurrent = false }
        }
        measures.trainingCurrent.record(allCurrent)
        measures.ssscRegistrationCurrent.record(ssscExpiresOn.map { $0 > end } ?? false)
        // Supervision is due once the member of staff has been in post for a full interval.
        let window = rules.supervisionIntervalDays
        let supervisedInTime = lastSupervisionOn.map { $0.days(until: end) <= window } ?? false
        if supervisedInTime || joinedOn.days(until: end) >= window {
            measures.supervisionWithinInterval.record(supervisedInTime)
        }
    }

    /// The rules' required courses without repeats, in the rules' order.
    static func requiredCourses(_ rules: RulesAdopted) -> [TrainingCourse] {
        var seen = Set<TrainingCourse>()
        return rules.requiredTraining.filter { seen.insert($0).inserted }
    }
}
