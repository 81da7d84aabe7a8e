import CareCalendar
import CareRecord
import EventLog

/// A projection whose fold can be saved at a log position and resumed there: the runner keeps
/// its ``FoldState`` in a ``FoldStateCache`` and, at a later cut, folds only the events since
/// (``ProjectionRunner/run(_:parameters:cut:store:cache:)``; the rules in `Docs/projections.md`,
/// "Projection checkpoints").
///
/// The state holds only what the fold accumulates; everything derived from the context (rules,
/// calendar, period) comes from `init(context:resuming:)`, and the runner resumes only with a
/// context whose rules are the ones the state was folded under.
public protocol ResumableProjection: CareProjection {
    /// The fold's accumulated state, saved in the compact binary form of ``FoldStateWriter``.
    associatedtype FoldState: FoldStateCodable

    /// The fold's name in cache keys.
    static var foldName: String { get }
    /// Raised whenever the fold or its state changes, so a changed projection never reads a
    /// state saved by an older build.
    static var foldVersion: Int { get }

    /// The state after the last event folded.
    var foldState: FoldState { get }

    /// A fold for `context` that continues from `state`.
    init(context: ProjectionContext, resuming state: FoldState)

    /// Whether the state this fold resumed from proved damaged where the fold read it (a state
    /// read in part, as compliance's saved visits are, is checked only where it is read): the
    /// runner then folds again from the first event, so a damaged state costs a rebuild, never
    /// a wrong answer. False (the default) for a state read whole, whose damage is found when read.
    var resumedStateIsDamaged: Bool { get }

    /// The care day that decides whether a fold reads `event` at all: a fold for parameters
    /// whose ``lastDecisiveDay(of:)`` is before it leaves its state unchanged by the event, so
    /// the runner may skip blocks of the log holding only such events (`Docs/projections.md`,
    /// "Reads bounded by time"). Nil (the default): the event always counts.
    static func decisiveDay(of event: CareEvent) -> CareDate?

    /// The last decisive day a fold for `parameters` reads; nil (the default): every event.
    static func lastDecisiveDay(of parameters: ProjectionParameters) -> CareDate?

    /// `output` in the compact binary form of ``FoldStateWriter``, for the runner to save beside
    /// the state; nil (the default): the output is not saved. A projection saves its output only
    /// if the output depends on nothing but the fold's state, the parameters and the rules (not
    /// on the log position), so that a fold no later event reaches has the same output.
    static func savedOutputBytes(_ output: Output) -> [UInt8]?

    /// An output read back from ``savedOutputBytes(_:)``; throws when the bytes are damaged.
    static func savedOutput(from reader: inout FoldStateReader) throws(FoldStateDecodingError) -> Output?
}

extension ResumableProjection {
    /// The state was read whole, so any damage was found when it was read.
    public var resumedStateIsDamaged: Bool { false }
    /// Every event counts.
    public static func decisiveDay(of event: CareEvent) -> CareDate? { nil }
    /// No bound: the fold reads every event.
    public static func lastDecisiveDay(of parameters: ProjectionParameters) -> CareDate? { nil }
    /// The output is not saved.
    public static func savedOutputBytes(_ output: Output) -> [UInt8]? { nil }
    /// The output is not saved.
    public static func savedOutput(from reader: inout FoldStateReader) throws(FoldStateDecodingError) -> Output? {
        nil
    }
}

/// Where saved fold states live: a cache outside the log (never part of the chain, a verify or a
/// backup). Any failure only costs a full rebuild, so implementations may lose entries freely.
public protocol FoldStateCache: AnyObject {
    /// The bytes saved under `key`, or nil.
    func load(key: String) -> [UInt8]?
    /// Saves `bytes` under `key`, replacing what was there.
    func save(key: String, bytes: [UInt8])
}
