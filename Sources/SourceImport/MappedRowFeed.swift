import CareRecord
import EventLog
import Foundation

/// The rows of an export, read and mapped on a thread of their own ahead of the importer, which
/// meanwhile plans the rows before them and hands chunks to the appending thread: reading (CSV or
/// workbook), mapping, the correction check against the store as it was when the import began,
/// and each line's canonical payload and fact key all happen here, off the planner's thread.
///
/// The thread holds at most ``batchesAhead`` batches of ``batchRows`` rows, so memory is bounded
/// by those, not by the export. Rows and the reader's error come out exactly as the reader hands
/// them out; after an error nothing further is read. ``stop()`` ends the thread (the importer
/// calls it before returning) and gives the reader back.
final class MappedRowFeed: @unchecked Sendable {
    // Unchecked: `reader`, `absent` and the mapping state are touched only by the reading thread
    // until `finished` is signalled; `current`/`position`/`ended` only by the importer's thread;
    // `items` and `stopped` under `condition`.
    /// Rows per batch handed across.
    static var batchRows: Int { 1024 }
    /// Batches the reading thread may hold before it waits for the importer.
    static var batchesAhead: Int { 4 }

    private enum Item {
        case rows([MappedRow?])
        case failed(RowProblem)
        case end
    }

    private var reader: any SourceRowReader
    private let mapper: RowMapper
    /// The store as it was when the import began (`nil`: it was empty, so nothing to correct).
    private let before: (any ReferenceLookup)?
    /// The checks that need only the line are made on this thread with this validator
    /// (``CareRecord/EventLine/prepare(checkingWith:)``).
    private let validator: EventValidator?
    /// The facts `before` holds for the last stream asked about (``RowCorrection/find(for:in:actor:last:)``).
    private var last = RowCorrection.LastStream()
    private let condition = NSCondition()
    private var items: [Item] = []
    private var stopped = false
    private var finished = false
    /// The batch being handed out: each row is moved out of its slot (`take()`), not copied, so
    /// the importer owns its lines alone and can move them out in turn.
    private var current: [MappedRow?] = []
    private var position = 0
    private var ended = false

    /// Starts reading `reader`'s rows through `mapper` on a thread of its own; with a
    /// `validator`, each line's checks that need nothing but the line are made there too.
    init(
        reader: any SourceRowReader, mapper: RowMapper, before: (any ReferenceLookup)?,
        validator: EventValidator? = nil
    ) {
        self.reader = reader
        self.validator = validator
        self.mapper = mapper
        self.before = before
        let thread = Thread { [self] in readAll() }
        thread.start()
    }

    /// The next row, `nil` at the end of the export.
    ///
    /// - Throws: the reader's ``RowProblem`` (malformed source); the rows end there.
    func next() throws(RowProblem) -> MappedRow? {
        while position == current.count {
            if ended { return nil }
            condition.lock()
            while items.isEmpty { condition.wait() }
            let item = items.removeFirst()
            condition.broadcast()
            condition.unlock()
            switch item {
            case .rows(let rows):
                current = rows
                position = 0
            case .failed(let problem):
                ended = true
                throw problem
            case .end:
                ended = true
                return nil
            }
        }
        defer { position += 1 }
        return current[position].take()
    }

    /// Ends the reading thread (it stops at its next batch), waits for it and returns the reader.
    func stop() -> any SourceRowReader {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        return reader
    }

    /// The reading thread: every row, batch by batch, until the end, an error or a stop.
    private func readAll() {
        var batch: [MappedRow?] = []
        batch.reserveCapacity(Self.batchRows)
        while true {
            let row: SourceRow?
            do {
                row = try reader.next()
            } catch {
                if !batch.isEmpty { hand(.rows(batch)) }
                hand(.failed(error))
                break
            }
            guard let row else {
                if !batch.isEmpty { hand(.rows(batch)) }
                hand(.end)
                break
            }
            batch.append(map(row))
            if batch.count == Self.batchRows {
                guard hand(.rows(batch)) else { break }
                batch = []
                batch.reserveCapacity(Self.batchRows)
            }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// A row's lines, each replaced by its correction when the store held its fact with other
    /// values, and prepared; or its problems.
    private func map(_ row: SourceRow) -> MappedRow {
        var (given, problems) = mapper.events(of: row)
        var lines: [MappedRow.Line] = []
        lines.reserveCapacity(given.count)
        // Each line is moved out of `given` (last first, then put back in order), not copied: a
        // copy retained each of its strings and its payload.
        given.reverse()
        while var event = given.popLast() {
            prepare(&event)
            var correction: RowCorrection?
            var failure: CatalogueError?
            if let before {
                do {
                    correction = try RowCorrection.find(
                        for: event, in: before, actor: mapper.mapping.actor, last: &last)
                } catch {
                    failure = error
                }
            }
            let type = event.type
            // The row's own line is moved into its entry, which is built in place (memberwise): a
            // line kept beside it and an entry appended from a variable were each copied (a
            // retain and a release of each of the line's strings and its payload).
            if let correction {
                var line = correction.line
                prepare(&line)
                lines.append(MappedRow.Line(type: type, line: line, correction: correction, failure: failure))
            } else {
                lines.append(MappedRow.Line(type: type, line: consume event, correction: nil, failure: failure))
            }
        }
        return MappedRow(number: row.number, recordId: mapper.recordId(of: row), lines: lines, problems: problems)
    }

    /// Prepares a line (``CareRecord/EventLine/prepare(checkingWith:)`` when there is a validator).
    private func prepare(_ line: inout EventLine) {
        if let validator { line.prepare(checkingWith: validator) } else { line.prepare() }
    }

    /// Hands an item across, waiting while ``batchesAhead`` are waiting; `false` once stopped.
    @discardableResult
    private func hand(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= Self.batchesAhead && !stopped { condition.wait() }
        if stopped { return false }
        items.append(item)
        condition.broadcast()
        return true
    }
}
