import CareCalendar

/// One time limit of one complaint that fell due in a compliance report's window (SPSO model
/// complaints handling procedure): what the compliance figures count, per complaint.
public struct ComplaintDeadline: Hashable, Sendable {
    /// Which time limit.
    public enum Step: String, Hashable, Sendable, CaseIterable {
        /// The stage 1 (frontline) response.
        case stage1Response
        /// The stage 2 (investigation) acknowledgement.
        case stage2Acknowledgement
        /// The stage 2 response.
        case stage2Response

        /// A short label for reports.
        public var label: String {
            switch self {
            case .stage1Response: return "Stage 1 response"
            case .stage2Acknowledgement: return "Stage 2 acknowledgement"
            case .stage2Response: return "Stage 2 response"
            }
        }
    }

    /// How the time limit was met.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// Answered on or before the deadline.
        case onTime
        /// Answered after the deadline.
        case late
        /// Not answered by the end of the window: counted as not on time.
        case unanswered
        /// Withdrawn before this step was answered: not counted.
        case withdrawn

        /// A short label for reports.
        public var label: String {
            switch self {
            case .onTime: return "on time"
            case .late: return "late"
            case .unanswered: return "not answered"
            case .withdrawn: return "withdrawn (not counted)"
            }
        }
    }

    /// The complaint's id (its `complaint/<id>` stream id).
    public var complaintId: String
    /// The team it counts for.
    public var team: String
    /// The time limit.
    public var step: Step
    /// The day the clock started: received (stage 1), or the start of stage 2.
    public var startedOn: CareDate
    /// The deadline without any extension.
    public var dueOn: CareDate
    /// The deadline with the extension agreed with the complainant (stage 1 only), if any.
    public var extendedDueOn: CareDate?
    /// The day it was answered (acknowledged or responded to), if it was.
    public var answeredOn: CareDate?
    /// How it was met.
    public var outcome: Outcome

    /// Creates a deadline row.
    public init(
        complaintId: String, team: String, step: Step, startedOn: CareDate, dueOn: CareDate, extendedDueOn: CareDate?,
        answeredOn: CareDate?, outcome: Outcome
    ) {
        self.complaintId = complaintId
        self.team = team
        self.step = step
        self.startedOn = startedOn
        self.dueOn = dueOn
        self.extendedDueOn = extendedDueOn
        self.answeredOn = answeredOn
        self.outcome = outcome
    }

    /// The deadline that applies: the extended one when there is one.
    public var effectiveDueOn: CareDate { extendedDueOn ?? dueOn }
}
