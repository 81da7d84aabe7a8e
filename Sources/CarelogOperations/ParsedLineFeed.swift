import CareRecord
import Dispatch
import Synchronization

/// The lines of an NDJSON input, parsed on a thread of their own ahead of the importer, which
/// meanwhile checks the lines before and hands chunks to the appending thread: the three steps
/// run at once, in order.
///
/// The parsing thread holds at most ``batchesAhead`` batches of ``batchLines`` parsed lines, so
/// memory is bounded by those, not by the input. Lines and errors come out exactly as the
/// reader hands them out; after a line that does not parse, nothing further is read.
/// ``stop()`` (or the end of the input) ends the thread; the importer calls it before returning,
/// so the input is never read after the import has ended.
final class ParsedLineFeed: @unchecked Sendable {
    // Unchecked: `reader` is touched only by the parsing thread, between `start` and the
    // `finished` group's leave; `current` and `position` only by the importer's thread; what
    // crosses between them goes through `queue` under its mutex, ordered by the semaphores.
    /// Lines per batch handed across.
    static let batchLines = 2048
    /// Batches the parsing thread may hold before it waits for the importer.
    static let batchesAhead = 4

    /// What the parsing thread hands across.
    private enum Item {
        case lines([EventLine?])
        case failed(CatalogueError)
        case end
    }

    private var reader: NDJSONReader
    /// The checks that need only the line are made on the parsing thread with this validator.
    private let validator: EventValidator?
    private let queue = Mutex<[Item]>([])
    private let filled = DispatchSemaphore(value: 0)
    /// Made at 0 and signalled up to ``batchesAhead`` (libdispatch refuses to dispose of a
    /// semaphore below the value it was made with, which a feed stopped with batches waiting is).
    private let free = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchGroup()
    /// The batch being handed out: each line is moved out of its slot (`take()`), not copied (a
    /// copy retains each of its strings and its payload, and the release follows when the batch
    /// is dropped). Neither side reorders a batch (swapping lines copies them too).
    private var current: [EventLine?] = []
    /// The next line's place in `current`.
    private var position = 0
    private var ended = false

    /// Starts parsing `reader`'s lines on a thread of its own; with a `validator`, each line's
    /// checks that need nothing but the line are made there too
    /// (``CareRecord/EventLine/prepare(checkingWith:)``).
    init(_ reader: NDJSONReader, validator: EventValidator? = nil) {
        self.reader = reader
        self.validator = validator
        for _ in 0..<Self.batchesAhead { free.signal() }
        finished.enter()
        DispatchQueue(label: "carelog.import.parse").async { [self] in
            parseAll()
            finished.leave()
        }
    }

    /// The next line, `nil` at the end of the input.
    ///
    /// - Throws: the reader's ``CareRecord/CatalogueError`` for a line that does not parse; the
    ///   input ends there.
    func next() throws(CatalogueError) -> EventLine? {
        guard try advance() else { return nil }
        return current[position - 1].take()
    }

    /// Moves to the next line, which ``withCurrentLine(_:)`` then reaches where it is; `false`
    /// at the end of the input.
    ///
    /// - Throws: as ``next()``.
    func advance() throws(CatalogueError) -> Bool {
        while position == current.count {
            if ended { return false }
            filled.wait()
            let item = queue.withLock { $0.removeFirst() }
            free.signal()
            switch item {
            case .lines(let lines):
                current = lines
                position = 0
            case .failed(let error):
                ended = true
                throw error
            case .end:
                ended = true
                return false
            }
        }
        position += 1
        return true
    }

    /// Lets `body` change the line ``advance()`` moved to where it is in its batch (the importer's
    /// planner moves what it keeps out of it): the line is neither copied nor moved whole, and
    /// what is left of it goes with its batch. `nil` before the first line, or for a line
    /// ``next()`` took out.
    func withCurrentLine<Result>(
        _ body: (inout EventLine) throws(CatalogueError) -> Result
    ) throws(CatalogueError) -> Result? {
        guard position > 0, position <= current.count else { return nil }
        return try current[position - 1]?.changedInPlace(by: body)
    }

    /// Ends the parsing thread (it stops at its next line) and waits for it.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        // Wakes the thread if it waits for room; a spare signal is harmless after this.
        free.signal()
        finished.wait()
    }

    /// The parsing thread: reads every line, batch by batch, until the end, an error or a stop.
    private func parseAll() {
        var batch: [EventLine?] = []
        batch.reserveCapacity(Self.batchLines)
        while !stopped.load(ordering: .relaxed) {
            var parsed: EventLine?
            do {
                parsed = try reader.next()
            } catch {
                if !batch.isEmpty, !hand(.lines(batch)) { return }
                hand(.failed(error))
                return
            }
            // Moved out, not copied (see `current`).
            guard var line = parsed.take() else {
                if !batch.isEmpty, !hand(.lines(batch)) { return }
                hand(.end)
                return
            }
            // What needs only the line (its canonical payload, fact key and the checks of its
            // values) is done here, off the planner's thread.
            if let validator { line.prepare(checkingWith: validator) } else { line.prepare() }
            // `consume`: a plain `append(line)` copied the line and then destroyed the original.
            batch.append(consume line)
            if batch.count == Self.batchLines {
                // `consume`: handed with this thread's reference, the planner could start taking
                // lines out before `batch = []` let go of it, and then copied the whole batch.
                guard hand(.lines(consume batch)) else { return }
                batch = []
                batch.reserveCapacity(Self.batchLines)
            }
        }
    }

    /// Hands an item across, waiting while ``batchesAhead`` are waiting already; `false` once
    /// stopped. The flag is read before waiting, so after ``stop()`` at most one call can be
    /// waiting, and the one signal ``stop()`` gives releases it.
    @discardableResult
    private func hand(_ item: consuming Item) -> Bool {
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        free.wait()
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        // Moved into the queue, so that once the planner is signalled the queue holds the only
        // reference to a batch, and taking its lines out never copies it.
        var pending = Optional(consume item)
        queue.withLock { queue in
            if let handed = pending.take() { queue.append(handed) }
        }
        filled.signal()
        return true
    }
}

extension EventLine {
    /// `body` applied to this line where it is: through an optional's `?.` (a batch's slot), the
    /// line is changed in place, not copied out and back.
    fileprivate mutating func changedInPlace<Result>(
        by body: (inout EventLine) throws(CatalogueError) -> Result
    ) throws(CatalogueError) -> Result {
        try body(&self)
    }
}
