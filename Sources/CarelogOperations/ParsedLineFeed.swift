import CareRecord
import Dispatch
import Synchronization

/// The lines of an NDJSON input, parsed on two threads of their own ahead of the importer, which
/// meanwhile checks the lines before and hands chunks to the appending thread: the steps run at
/// once, and the lines come out in order.
///
/// The reading thread splits the input into batches of ``batchLines`` lines. It parses the even
/// batches itself and hands the odd ones, still unparsed, to a helper thread; the importer takes
/// the parsed batches from the two in turn. Each parsing thread holds at most
/// ``batchesAhead`` / 2 parsed batches (and the helper one unparsed batch besides), so memory is
/// bounded by those, not by the input. Lines and errors come out exactly as the reader hands
/// them out; after a line that does not parse, nothing is handed out and the input is read no
/// further than the batches already split. ``stop()`` (or the end of the input) ends both
/// threads; the importer calls it before returning, so the input is never read after the import
/// has ended.
final class ParsedLineFeed: @unchecked Sendable {
    // Unchecked: `reader` is touched only by the reading thread, between `start` and the
    // `finished` group's leave; `current`, `position`, `nextLane` and what the importer's thread
    // has taken only by that thread; what crosses between threads goes through the lanes' and
    // the helper's queues under their mutexes, ordered by the semaphores.
    /// Lines per batch handed across.
    static let batchLines = 2048
    /// Parsed batches the two parsing threads may hold in all before they wait for the importer.
    static let batchesAhead = 4

    /// A batch of parsed lines, in the order of the input, and what ended it early.
    private struct Parsed {
        var lines: [EventLine?]
        /// The error of the line after the last one (a line that does not parse, or the input
        /// that could not be read there).
        var failure: CatalogueError?
        /// Whether no batch follows (the input ended, or `failure`).
        var isLast: Bool
    }

    /// A batch split off the input and not yet parsed, on its way to the helper thread.
    private struct Unparsed {
        var lines: UnparsedLines
        /// The input could not be read after these lines.
        var readFailure: CatalogueError?
        var isLast: Bool
    }

    /// One parsing thread's parsed batches, waiting for the importer, oldest first.
    private final class Lane: Sendable {
        let queue = Mutex<[Parsed]>([])
        let filled = DispatchSemaphore(value: 0)
        /// Made at 0 and signalled up to the lane's room (libdispatch refuses to dispose of a
        /// semaphore below the value it was made with, which a feed stopped with batches
        /// waiting is).
        let free = DispatchSemaphore(value: 0)

        init(room: Int) {
            for _ in 0..<room { free.signal() }
        }
    }

    private var reader: NDJSONReader
    /// The checks that need only the line are made on the parsing threads with this validator.
    private let validator: EventValidator?
    /// The reading thread's parsed batches (the even ones), then the helper's (the odd ones).
    private let lanes = [Lane(room: batchesAhead / 2), Lane(room: batchesAhead / 2)]
    /// The unparsed batch handed to the helper thread.
    private let helperQueue = Mutex<[Unparsed]>([])
    private let helperFilled = DispatchSemaphore(value: 0)
    private let helperFree = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    /// Set by the helper after a batch that ends the input (a line that does not parse): the
    /// reading thread then splits no further batch.
    private let helperEnded = Atomic<Bool>(false)
    private let finished = DispatchGroup()
    /// The batch being handed out: each line is moved out of its slot (`take()`), not copied (a
    /// copy retains each of its strings and its payload, and the release follows when the batch
    /// is dropped). Neither side reorders a batch (swapping lines copies them too).
    private var current: [EventLine?] = []
    /// The next line's place in `current`.
    private var position = 0
    /// The lane of the next batch to take.
    private var nextLane = 0
    /// The error to throw once `current` is handed out.
    private var pendingFailure: CatalogueError?
    /// Whether `current` is the last batch.
    private var atLastBatch = false
    private var ended = false

    /// Starts reading and parsing `reader`'s lines on two threads of their own; with a
    /// `validator`, each line's checks that need nothing but the line are made there too
    /// (``CareRecord/EventLine/prepare(checkingWith:)``).
    init(_ reader: NDJSONReader, validator: EventValidator? = nil) {
        self.reader = reader
        self.validator = validator
        helperFree.signal()
        finished.enter()
        DispatchQueue(label: "carelog.import.parse").async { [self] in
            readAll()
            finished.leave()
        }
        finished.enter()
        DispatchQueue(label: "carelog.import.parse-helper").async { [self] in
            parseHanded()
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
            if let failure = pendingFailure.take() {
                ended = true
                throw failure
            }
            if ended || atLastBatch {
                ended = true
                return false
            }
            let lane = lanes[nextLane]
            nextLane = 1 - nextLane
            lane.filled.wait()
            let batch = lane.queue.withLock { $0.removeFirst() }
            lane.free.signal()
            current = batch.lines
            position = 0
            pendingFailure = batch.failure
            atLastBatch = batch.isLast
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

    /// Ends both threads (each stops at its next batch) and waits for them.
    func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        // Wakes a thread waiting for room or for work; a spare signal is harmless after this.
        for lane in lanes { lane.free.signal() }
        helperFree.signal()
        helperFilled.signal()
        finished.wait()
    }

    /// The reading thread: splits the input into batches until the end, an error or a stop,
    /// parsing the even batches and handing the odd ones to the helper.
    private func readAll() {
        defer {
            // Wakes the helper if it waits for a batch that will not come.
            helperFilled.signal()
        }
        var index = 0
        while !stopped.load(ordering: .relaxed), !helperEnded.load(ordering: .acquiring) {
            var lines = UnparsedLines(reservingLines: Self.batchLines, bytesPerLine: 320)
            var readFailure: CatalogueError?
            var more = true
            do {
                more = try reader.readUnparsed(into: &lines, limit: Self.batchLines)
            } catch {
                readFailure = error
            }
            let batch = Unparsed(lines: lines, readFailure: readFailure, isLast: readFailure != nil || !more)
            if index.isMultiple(of: 2) {
                let parsed = parse(batch)
                guard hand(parsed, to: lanes[0]), !parsed.isLast else { return }
            } else {
                guard handToHelper(batch), !batch.isLast else { return }
            }
            index += 1
        }
    }

    /// The helper thread: parses the batches the reading thread hands it, in order, until the
    /// last one or a stop.
    private func parseHanded() {
        while true {
            helperFilled.wait()
            if stopped.load(ordering: .sequentiallyConsistent) { return }
            // Woken with nothing handed: the reading thread has ended.
            guard let batch = helperQueue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
            helperFree.signal()
            let parsed = parse(batch)
            if parsed.isLast {
                helperEnded.store(true, ordering: .releasing)
                // Wakes the reading thread if it waits to hand another batch.
                helperFree.signal()
            }
            guard hand(parsed, to: lanes[1]), !parsed.isLast else { return }
        }
    }

    /// Parses a batch (on the thread calling), stopping at its first line that does not parse.
    private func parse(_ batch: Unparsed) -> Parsed {
        var lines: [EventLine?] = []
        lines.reserveCapacity(batch.lines.count)
        for index in 0..<batch.lines.count {
            do {
                var line = try batch.lines.parse(index)
                // What needs only the line (its canonical payload, fact key and the checks of
                // its values) is done here, off the planner's thread.
                if let validator { line.prepare(checkingWith: validator) } else { line.prepare() }
                // `consume`: a plain `append(line)` copied the line and then destroyed the original.
                lines.append(consume line)
            } catch {
                return Parsed(lines: lines, failure: error, isLast: true)
            }
        }
        return Parsed(lines: lines, failure: batch.readFailure, isLast: batch.isLast)
    }

    /// Hands a parsed batch to the importer through `lane`, waiting while the lane is full;
    /// `false` once stopped. The flag is read before waiting, so after ``stop()`` at most one
    /// call per lane can be waiting, and the signal ``stop()`` gives each lane releases it.
    private func hand(_ batch: consuming Parsed, to lane: Lane) -> Bool {
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        lane.free.wait()
        if stopped.load(ordering: .sequentiallyConsistent) { return false }
        // Moved into the queue, so that once the importer is signalled the queue holds the only
        // reference to a batch, and taking its lines out never copies it.
        var pending = Optional(consume batch)
        lane.queue.withLock { queue in
            if let handed = pending.take() { queue.append(handed) }
        }
        lane.filled.signal()
        return true
    }

    /// Hands an unparsed batch to the helper, waiting while it holds one already; `false` once
    /// stopped or once the helper has ended the input.
    private func handToHelper(_ batch: consuming Unparsed) -> Bool {
        if stopped.load(ordering: .sequentiallyConsistent) || helperEnded.load(ordering: .acquiring) { return false }
        helperFree.wait()
        if stopped.load(ordering: .sequentiallyConsistent) || helperEnded.load(ordering: .acquiring) { return false }
        var pending = Optional(consume batch)
        helperQueue.withLock { queue in
            if let handed = pending.take() { queue.append(handed) }
        }
        helperFilled.signal()
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
