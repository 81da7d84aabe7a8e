import EventLog

/// The facts of streams an import has just forgotten (their lines are all in the store), kept in
/// a fixed budget of facts so that a stream touched again soon after — a carer's training record,
/// a person's plan — is not read back from the store and decoded again.
///
/// What is kept is exactly what reading the stream back would give for fact identity (the import
/// is the only writer while it runs: another writer makes its next chunk's append fail), except
/// that the lines this import appended have no sequence yet. Two generations: once the newer holds
/// half of ``limit`` facts it becomes the older and the older is dropped, so at most ``limit``
/// facts are held, whatever the size of the input; a stream dropped is read back as before.
struct ForgottenFacts {
    /// The most facts held.
    static let limit = 1 << 17
    private var newer: [StreamName: KnownFacts] = [:]
    private var older: [StreamName: KnownFacts] = [:]
    private var newerFacts = 0
    private var olderFacts = 0

    /// The number of facts held (for tests).
    var count: Int { newerFacts + olderFacts }

    /// Keeps a forgotten stream's facts (a stream with more than half the budget is not kept).
    mutating func keep(_ stream: StreamName, _ facts: KnownFacts) {
        let size = max(facts.count, 1)
        guard size <= Self.limit / 2 else { return }
        if newerFacts + size > Self.limit / 2 {
            older = newer
            olderFacts = newerFacts
            // Sized as the generation before it: growing from empty rehashes every name again.
            newer = [:]
            newer.reserveCapacity(older.count)
            newerFacts = 0
        }
        newer[stream] = facts
        newerFacts += size
    }

    /// The kept facts of `stream`, removed from the budget (the caller holds them again), or `nil`.
    mutating func take(_ stream: StreamName) -> KnownFacts? {
        if let facts = newer.removeValue(forKey: stream) {
            newerFacts -= max(facts.count, 1)
            return facts
        }
        if let facts = older.removeValue(forKey: stream) {
            olderFacts -= max(facts.count, 1)
            return facts
        }
        return nil
    }
}
