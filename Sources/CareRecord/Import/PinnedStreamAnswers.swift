import EventLog
import Synchronization

/// What a lookup pinned at a sequence has read about the streams it was asked about: a version,
/// the validation facts, the recorded facts. The log before the pin never changes, so a second
/// question about the same stream is answered without another read of the store. Reading a
/// stream's recorded facts also gives its version and its validation facts (the same events,
/// folded).
///
/// Two kinds of stream are asked about again:
/// - the stream of the line being planned, which the planner and the validator both ask about:
///   everything read about the last ``capacity`` streams is kept;
/// - the streams that lines refer to: a week of an ECM export names the same few thousand people
///   and members of staff in every row. The version and validation facts (a few words) of up to
///   ``referencedCapacity`` streams that the pinned log holds are kept, all dropped when that many
///   are held. Neither a stream the log does not hold (version 0: the new visit of the line
///   being planned) nor a stream read whole (the planner's own copy of a line's stream, which
///   it then holds) is kept there, so the streams an import creates or reads back, asked about
///   once each, do not push out those it refers to.
final class PinnedStreamAnswers: Sendable {
    /// The most streams of which everything read is kept.
    static let capacity = 4
    /// The most streams the pinned log holds whose version and validation facts are kept.
    static let referencedCapacity = 1 << 14

    struct Answers {
        var stream: StreamName
        var version: UInt32?
        var facts: StreamFacts?
        var recorded: [RecordedFact]?
    }

    private struct Kept {
        /// Everything read about the last streams asked about.
        var recent: [Answers] = []
        /// Where the next new stream goes once ``capacity`` are kept.
        var next = 0
        /// The versions and validation facts of streams the pinned log holds (`recorded` nil).
        var referenced: [StreamName: Answers] = [:]
    }

    private let kept = Mutex(Kept())

    /// What is kept about `stream` (nil: nothing).
    func answers(for stream: StreamName) -> Answers? {
        kept.withLock { kept in kept.recent.first { $0.stream == stream } ?? kept.referenced[stream] }
    }

    /// Adds what was read about `stream` to what is kept.
    func remember(_ stream: StreamName, _ change: (inout Answers) -> Void) {
        kept.withLock { kept in
            var answers: Answers
            if let index = kept.recent.firstIndex(where: { $0.stream == stream }) {
                change(&kept.recent[index])
                answers = kept.recent[index]
            } else {
                answers = kept.referenced[stream] ?? Answers(stream: stream)
                change(&answers)
                if kept.recent.count < Self.capacity {
                    kept.recent.append(answers)
                } else {
                    kept.recent[kept.next] = answers
                    kept.next = (kept.next + 1) % Self.capacity
                }
            }
            // A stream read whole is the line's own (the planner holds its facts from now on),
            // and a stream the log does not hold is asked about once: neither is kept there.
            guard answers.recorded == nil, let version = answers.version, version > 0 else {
                kept.referenced[stream] = nil
                return
            }
            if kept.referenced.count >= Self.referencedCapacity, kept.referenced[stream] == nil {
                kept.referenced.removeAll(keepingCapacity: true)
            }
            kept.referenced[stream] = answers
        }
    }
}
