import CareCalendar
import CareRecord
import EventLog

/// Generates a synthetic but realistic Care at Home partnership, one simulated day at a time,
/// as catalogue event lines in log order.
///
/// Deterministic: only ``SplitMix64`` and fixed-order arrays decide anything (no clock, no
/// dictionary iteration order), so the same configuration gives byte-identical events. Each
/// line carries the simulated instant it was recorded (`recordedAt`), so the store's
/// transaction time follows the simulated calendar and `--known-at` replays work. Line numbers
/// are the sequence numbers the lines take in a fresh store (corrections refer to them).
///
/// Memory grows with people, staff and open complaints, not with the number of events.
public final class DemoGenerator {
    /// The partnership's size and seed.
    public let configuration: DemoConfiguration
    /// What has been generated so far.
    public internal(set) var counts = DemoCounts()

    var rng: SplitMix64
    let calendar = WorkingDayCalendar()
    /// The day being generated.
    private(set) var today: CareDate
    private(set) var dayIndex = 0
    private var pending: [PendingLine] = []
    private var insertion = 0
    private var nextLineNumber = 1
    /// Work planned for later days, by day number (days since the epoch), in the order planned.
    private var agenda: [Int: [(DemoGenerator) -> Void]] = [:]

    var people: [DemoPerson] = []
    /// People starting on each day (days since the epoch).
    var startsByDay: [Int: [Int]] = [:]
    /// People currently receiving the service, in index order.
    var active: [Int] = []
    var staff: [DemoStaff] = []
    /// Per team: active carers (staff indexes).
    var teamCarers: [[Int]] = []
    /// Per team: the organiser and the manager.
    var teamOrganiser: [Int] = []
    var teamManager: [Int] = []
    var reviewingOfficers: [Int] = []

    var nextVisit = 1
    var nextIncident = 1
    var nextNotification = 1
    var nextComplaint = 1
    var nextMedicationError = 1
    var notifiableSeen = 0
    var correctionPlanned = false
    var voidPlanned = false

    /// A generator for `configuration`.
    public init(configuration: DemoConfiguration) {
        self.configuration = configuration
        self.rng = SplitMix64(seed: configuration.seed)
        self.today = configuration.startDate
    }

    /// The next simulated day's lines in log order, or `nil` after the last day of the period.
    public func nextDay() -> [EventLine]? {
        guard today < configuration.endDate else { return nil }
        if dayIndex == 0 { setUp() }
        for task in agenda.removeValue(forKey: today.daysSinceEpoch) ?? [] { task(self) }
        startPeople()
        simulatePeople()
        simulateStaff()
        simulatePartnership()
        let lines = finishDay()
        today = today.adding(days: 1)
        dayIndex += 1
        return lines
    }

    // MARK: Planning and emitting

    /// Runs `task` on `date` (today if `date` is today or earlier).
    func schedule(_ date: CareDate, _ task: @escaping (DemoGenerator) -> Void) {
        if date <= today {
            task(self)
        } else if date < configuration.endDate {
            agenda[date.daysSinceEpoch, default: []].append(task)
        }
    }

    /// The instant of a UK local time on `date`.
    func at(_ date: CareDate, _ minuteOfDay: Int) -> Timestamp {
        let m = min(max(minuteOfDay, 0), 24 * 60 - 1)
        do {
            return Timestamp(millisecondsSinceEpoch: try UKTime.instant(of: date, hour: m / 60, minute: m % 60))
        } catch {
            preconditionFailure("a minute of the day clamped to 0–1439 is always a valid time of day")
        }
    }

    /// The instant of a UK local time today.
    func now(_ minuteOfDay: Int) -> Timestamp { at(today, minuteOfDay) }

    /// Adds a line for today; it is recorded at `recordedAt` (default: when it occurred, but not
    /// before today started).
    func emit(
        _ payload: some CareEventPayload, stream: StreamName, occurredAt: Timestamp, recordedAt: Timestamp? = nil,
        actor: String, tag: PendingLine.Tag? = nil
    ) {
        let dayStart = UKTime.startOfDay(today)
        let dayEnd = UKTime.startOfDay(today.adding(days: 1)) - 1
        var recorded = (recordedAt ?? occurredAt).millisecondsSinceEpoch
        recorded = min(max(recorded, dayStart, occurredAt.millisecondsSinceEpoch), dayEnd)
        let line = EventLine(
            line: 0, stream: stream, event: payload.careEvent, occurredAt: occurredAt, actor: actor,
            recordedAt: Timestamp(millisecondsSinceEpoch: recorded))
        pending.append(PendingLine(line: line, recordedAt: recorded, order: insertion, tag: tag))
        insertion += 1
    }

    /// Puts today's lines in log order, numbers them and follows up their tags.
    private func finishDay() -> [EventLine] {
        pending.sort { ($0.recordedAt, $0.order) < ($1.recordedAt, $1.order) }
        var lines: [EventLine] = []
        lines.reserveCapacity(pending.count)
        for var entry in pending {
            entry.line.line = nextLineNumber
            let sequence = UInt64(nextLineNumber)
            nextLineNumber += 1
            counts.events += 1
            counts.eventsByType[entry.line.type, default: 0] += 1
            lines.append(entry.line)
            switch entry.tag {
            case .correctCheckIn(let checkIn)?:
                let stream = entry.line.stream
                schedule(today.adding(days: 2)) {
                    $0.correctCheckIn(sequence: sequence, stream: stream, original: checkIn)
                }
            case .voidDuplicate?:
                let stream = entry.line.stream
                schedule(today.adding(days: 1)) { $0.voidEntry(sequence: sequence, stream: stream) }
            case .medicationError(let person, let controlled, let scheduledFor)?:
                schedule(today.adding(days: 1)) {
                    $0.recordMedicationError(
                        person: person, marSequence: sequence, controlled: controlled, scheduledFor: scheduledFor)
                }
            case nil:
                break
            }
        }
        pending.removeAll(keepingCapacity: true)
        insertion = 0
        return lines
    }

    // MARK: Identifiers

    static func padded(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func stream(_ kind: StreamKind, _ id: String) -> StreamName {
        // The generator makes only well-formed ids; a malformed one is a bug in the generator.
        guard let name = StreamName(kind: kind.rawValue, id: id) else {
            preconditionFailure("demo stream \(kind.rawValue)/\(id) is not a valid stream name")
        }
        return name
    }

    func staffActor(_ staffIndex: Int) -> String { "staff/" + staff[staffIndex].id }

    /// A team's organiser's actor id.
    func organiserActor(team: Int) -> String { staffActor(teamOrganiser[team]) }
}
