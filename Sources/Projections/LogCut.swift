import CareCalendar
import CareRecord
import EventLog

/// The log cut a report reads: the resolved log position, the corrections known there and
/// every adopted rule set, read from the store once and handed to every fold of the report.
///
/// A report builds one cut (``ProjectionRunner/cut(knownAt:in:)``), then derives a
/// ``ProjectionContext`` for each reporting date it needs (``context(for:)``, pure): the RAG
/// table, its programme fold and the compliance folds behind its indicators all read the same
/// position, corrections and rules without going back to the store for them.
public struct LogCut: Sendable {
    /// One `RulesAdopted` entry at the cut, after corrections.
    public struct AdoptedRules: Sendable {
        /// The sequence number of the `RulesAdopted` event.
        public var sequence: UInt64
        /// The rules as they stand at the cut (a correction's replacement where corrected).
        public var rules: RulesAdopted
    }

    /// The log position: sequence number, head hash and the last event's recordedAt.
    public let checkpoint: Checkpoint
    /// Which entries are voided or corrected at the cut.
    public let corrections: CorrectionIndex
    /// Every rule set adopted at the cut and not voided, in log order.
    public let adoptedRules: [AdoptedRules]

    /// Creates a cut from parts already read (tests and the runner).
    public init(checkpoint: Checkpoint, corrections: CorrectionIndex, adoptedRules: [AdoptedRules]) {
        self.checkpoint = checkpoint
        self.corrections = corrections
        self.adoptedRules = adoptedRules
    }

    /// The rules in force on `date`: the latest `effectiveFrom` on or before it; among equals,
    /// the later entry. Nil when none is (the built-in defaults apply).
    public func rulesInForce(on date: CareDate) -> AdoptedRules? {
        var inForce: AdoptedRules?
        for entry in adoptedRules {
            guard entry.rules.effectiveFrom <= date else { continue }
            if let current = inForce, current.rules.effectiveFrom > entry.rules.effectiveFrom { continue }
            inForce = entry
        }
        return inForce
    }

    /// The context a fold for `parameters` starts from: this cut's position and the rules in
    /// force on `parameters.asAt` (pure: no store access).
    public func context(for parameters: ProjectionParameters) -> ProjectionContext {
        let inForce = rulesInForce(on: parameters.asAt)
        return ProjectionContext(
            parameters: parameters, checkpoint: checkpoint,
            rules: inForce?.rules
                ?? RulesAdopted(effectiveFrom: UKTime.ukDate(epochMilliseconds: 0), label: "built-in defaults"),
            rulesSequence: inForce?.sequence)
    }

    /// The cut's position as a `KnownAt`, for parameters pinned to it.
    public var knownAt: KnownAt { .sequence(checkpoint.sequence) }
}
