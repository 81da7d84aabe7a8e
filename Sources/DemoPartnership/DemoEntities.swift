import CareCalendar
import CareRecord
import EventLog

/// A person in the demo partnership and what the generator has decided about them.
struct DemoPerson {
    /// One regular visit a day: its start (minutes after UK midnight) and length.
    struct Slot {
        var minuteOfDay: Int
        var plannedMinutes: Int
    }

    /// A medicine on the person's MAR chart, given at some of their visit slots.
    struct Medicine {
        var medicine: DemoCatalogue.Medicine
        var slots: [Int]
    }

    var index: Int
    var id: String
    var stream: StreamName
    var medicationStream: StreamName
    var team: Int
    var model: ServiceModel
    var firstServiceOn: CareDate
    var alreadyReceivingService: Bool
    var endsOn: CareDate?
    var endReason: ServiceEndReason?
    var slots: [Slot]
    var medicines: [Medicine]
    var medicationSupport: MedicationSupportLevel
    var timeCritical: Bool
    var carerOffset: Int
    var started = false
    var ended = false
    var inHospital = false
}

/// A member of staff.
struct DemoStaff {
    var index: Int
    var id: String
    var stream: StreamName
    var role: StaffRole
    var team: Int
    var joinedOn: CareDate
    var left = false
    /// Staff whose supervision tends to slip.
    var overdueProne: Bool

    /// Whether the role delivers or organises care (needs supervision and SSSC registration).
    var isCareRole: Bool {
        switch role {
        case .homeCareWorker, .seniorHomeCareWorker, .responder, .organiser: return true
        default: return false
        }
    }
}

/// A line the generator has produced for the current day, before it is put in log order.
struct PendingLine {
    /// Something to do once the line's sequence number is known.
    enum Tag {
        /// Correct this check-in two days later (wrong time by two minutes).
        case correctCheckIn(VisitCheckedIn)
        /// Void this duplicated MAR entry the next day.
        case voidDuplicate
        /// Record a medication error about this MAR entry the next day.
        case medicationError(person: Int, controlled: Bool, scheduledFor: Timestamp)
    }

    var line: EventLine
    var recordedAt: Int64
    var order: Int
    var tag: Tag?
}
