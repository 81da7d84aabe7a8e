import EventLog
import Synchronization

/// What a lookup pinned at a sequence has read about its last few streams: a version, the
/// recorded facts, the validation facts. The log before the pin never changes, so a second
/// question about the same stream (planning one line asks its version twice, then its facts)
/// is answered without another read of the store. Reading a stream's recorded facts also gives
/// its version and its validation facts (the same events, folded).
///
/// Bounded: it keeps the streams asked about most recently (``capacity``), so an import that
/// touches millions of streams holds only a few.
final class PinnedStreamAnswers: Sendable {
    /// The most streams kept.
    static let capacity = 4

    struct Answers {
        var stream: StreamName
        var version: UInt32?
        var facts: StreamFacts?
        var recorded: [RecordedFact]?
    }

    private struct Kept {
        var answers: [Answers] = []
        /// Where the next new stream goes once ``capacity`` are kept.
        var next = 0
    }

    private let kept = Mutex(Kept())

    /// What is kept about `stream` (nil: nothing).
    func answers(for stream: StreamName) -> Answers? {
        kept.withLock { kept in kept.answers.first { $0.stream == stream } }
    }

    /// Adds what was read about `stream` to what is kept.
    func remember(_ stream: StreamName, _ change: (inout Answers) -> Void) {
        kept.withLock { kept in
            if let index = kept.answers.firstIndex(where: { $0.stream == stream }) {
                change(&kept.answers[index])
                return
            }
            var answers = Answers(stream: stream)
            change(&answers)
            if kept.answers.count < Self.capacity {
                kept.answers.append(answers)
            } else {
                kept.answers[kept.next] = answers
                kept.next = (kept.next + 1) % Self.capacity
            }
        }
    }
}
