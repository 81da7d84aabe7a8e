import Foundation
import ZIPFoundation

/// One archive entry unpacked on a thread of its own and handed over in pieces of 64 KiB: the
/// reader pulls the next piece, and the unpacking waits while a few pieces are unread. So an entry
/// of any size is read with a few pieces in memory (ZIPFoundation's `extract` pushes every piece
/// to a consumer; this turns that into a pull for ``SourceRowReader``).
final class EntryPieces: @unchecked Sendable {
    /// Why the pieces stopped early.
    enum Failure: Error { case damaged }

    private struct Cancelled: Error {}

    /// The archive and entry, handed to the unpacking thread (used by it alone once started).
    private struct Work: @unchecked Sendable {
        var archive: Archive
        var entry: Entry
    }

    private let condition = NSCondition()
    private var pieces: [Data] = []
    private var finished = false
    private var failed = false
    private var cancelled = false
    private static let capacity = 4
    private static let pieceSize = 64 * 1024

    /// Starts unpacking `entry` of `archive`. The archive must not be used elsewhere until
    /// ``next()`` returns `nil` or ``cancel()`` is called.
    init(archive: Archive, entry: Entry) {
        let work = Work(archive: archive, entry: entry)
        let thread = Thread { [self] in self.unpack(work) }
        thread.start()
    }

    private func unpack(_ work: Work) {
        var damaged = false
        do {
            _ = try work.archive.extract(work.entry, bufferSize: Self.pieceSize, skipCRC32: false) { data in
                condition.lock()
                defer { condition.unlock() }
                while pieces.count >= Self.capacity && !cancelled { condition.wait() }
                if cancelled { throw Cancelled() }
                pieces.append(data)
                condition.broadcast()
            }
        } catch is Cancelled {
        } catch {
            damaged = true
        }
        condition.lock()
        finished = true
        failed = damaged
        condition.broadcast()
        condition.unlock()
    }

    /// The next piece, `nil` after the last.
    ///
    /// - Throws: ``Failure/damaged`` when the entry cannot be unpacked (bad data or checksum).
    func next() throws(Failure) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while pieces.isEmpty && !finished { condition.wait() }
        if !pieces.isEmpty {
            let piece = pieces.removeFirst()
            condition.broadcast()
            return piece
        }
        if failed { throw .damaged }
        return nil
    }

    /// Stops the unpacking (a reader dropped before the end), so its thread ends.
    func cancel() {
        condition.lock()
        cancelled = true
        pieces.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
