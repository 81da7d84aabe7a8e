import EventLog

/// The facts of streams an import has just forgotten (their lines are all in the store), kept in
/// a fixed budget of facts so that a stream touched again soon after — a carer's training record,
/// a person's plan — is not read back from the store and decoded again.
///
/// What is kept is exactly what reading the stream back would give for fact identity (the import
/// is the only writer while it runs: another writer makes its next chunk's append fail), except
/// that the lines this import appended have no sequence yet. Two generations: once the newer holds
/// half of ``limit`` facts it becomes the older and the older is dropped, so at most ``limit``
/// facts are held, whatever the size of the input; a stream dropped is read back as before (its
/// long streams from the import's ``FactIndex``, when it has one).
struct ForgottenFacts {
    /// The most facts held by default.
    static let limit = 1 << 17
    /// The most facts held.
    let limit: Int

    /// An empty store of forgotten facts holding at most `limit` facts.
    init(limit: Int = Self.limit) { self.limit = limit }
    private var newer: [StreamName: KnownFacts] = [:]
    private var older: [StreamName: KnownFacts] = [:]
    private var newerFacts = 0
    private var olderFacts = 0
    /// The long streams kept in each generation (``KnownFacts/isLong``), perhaps taken since: the
    /// ones handed to `dropping` when their generation goes, found without visiting the others.
    private var newerLong: [StreamName] = []
    private var olderLong: [StreamName] = []

    /// The number of facts held (for tests).
    var count: Int { newerFacts + olderFacts }

    /// Keeps a forgotten stream's facts. The long streams (``KnownFacts/isLong``) that no longer
    /// fit — those of the older generation when it is dropped, or this stream if it holds more
    /// than half the budget — are passed to `dropping` (when given) before they are gone, for the
    /// caller's ``FactIndex``; the short ones are read back if touched again.
    mutating func keep(
        _ stream: StreamName, _ facts: consuming KnownFacts, dropping: ((StreamName, KnownFacts) -> Void)? = nil
    ) {
        let size = max(facts.count, 1)
        guard size <= limit / 2 else {
            if facts.isLong { dropping?(stream, facts) }
            return
        }
        if newerFacts + size > limit / 2 {
            if let dropping {
                for name in olderLong {
                    if let facts = older.removeValue(forKey: name) { dropping(name, facts) }
                }
            }
            older = newer
            olderFacts = newerFacts
            olderLong = newerLong
            // Sized as the generation before it: growing from empty rehashes every name again.
            newer = [:]
            newer.reserveCapacity(older.count)
            newerFacts = 0
            newerLong = []
        }
        if facts.isLong { newerLong.append(stream) }
        newerFacts += size
        newer[stream] = consume facts
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
