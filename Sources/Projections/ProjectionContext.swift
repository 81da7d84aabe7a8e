import CareCalendar
import CareRecord
import EventLog

/// Everything a projection knows before it folds: the parameters, the exact log position it
/// reads (so every pass sees the same events), and the rules and calendar in force on the
/// reporting date.
public struct ProjectionContext: Sendable {
    /// What was asked for.
    public var parameters: ProjectionParameters
    /// The log position the report is built from: its sequence number and head hash.
    public var checkpoint: Checkpoint
    /// The rules in force on `parameters.asAt` (built-in Scottish defaults if none adopted).
    public var rules: RulesAdopted
    /// Which rules: the sequence number of the `RulesAdopted` event, or nil for the defaults.
    public var rulesSequence: UInt64?
    /// Working days: Scottish bank holidays plus the rules' local holidays.
    public var calendar: WorkingDayCalendar

    /// Creates a context directly (tests); stores use ``ProjectionRunner``.
    public init(parameters: ProjectionParameters, checkpoint: Checkpoint, rules: RulesAdopted, rulesSequence: UInt64?) {
        self.parameters = parameters
        self.checkpoint = checkpoint
        self.rules = rules
        self.rulesSequence = rulesSequence
        self.calendar = WorkingDayCalendar(
            localHolidays: rules.localHolidays.map(\.date),
            convention: rules.receiptDayIsDayZero ? .receiptIsDayZero : .receiptIsDayOne)
    }

    /// A one-line description of the rules used, for report headers.
    public var rulesDescription: String {
        guard let rulesSequence else { return "built-in Scottish defaults (no RulesAdopted event in force)" }
        let label = rules.label.map { " \"\($0)\"" } ?? ""
        return "RulesAdopted at sequence \(rulesSequence)\(label), effective from \(rules.effectiveFrom)"
    }
}
