#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads newline-delimited JSON event lines, one ``EventLine`` at a time, with line numbers.
/// Blank lines are skipped (but counted); `\r\n` endings and a leading UTF-8 byte-order mark are
/// accepted.
///
/// The input is either one array of bytes or a sequence of blocks (``init(blocks:)``), e.g. a
/// file read a megabyte at a time: then only the current block and the unfinished line at its
/// end are held, so memory does not grow with the input. Lines are the same either way, however
/// the blocks cut the input.
public struct NDJSONReader {
    /// The current block, with any unfinished line of the previous one in front.
    private var bytes: [UInt8]
    private var offset: Int
    private var lineNumber = 0
    /// The next block of input, `nil` at the end; absent for a reader over one array.
    private let nextBlock: (() throws -> [UInt8]?)?
    private var atStart = true
    private var exhausted: Bool

    /// A reader over a whole input.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.nextBlock = nil
        self.exhausted = true
    }

    /// A reader over blocks of input handed out by `nextBlock` (`nil` at the end). A block may end
    /// anywhere, even inside a line or a character. If `nextBlock` throws, ``next()`` throws a
    /// ``CatalogueError`` of kind `storeUnavailable` for the line it was reading, before handing
    /// out that line.
    public init(blocks nextBlock: @escaping () throws -> [UInt8]?) {
        self.bytes = []
        self.offset = 0
        self.nextBlock = nextBlock
        self.exhausted = false
    }

    /// The number of the last line read (blank lines included).
    public var linesRead: Int { lineNumber }

    /// The next event line, `nil` at the end of the input.
    ///
    /// - Throws: ``CatalogueError`` for a line that does not parse; reading may continue after it.
    public mutating func next() throws(CatalogueError) -> EventLine? {
        guard let (start, stop) = try nextEventLineRange() else { return nil }
        return try EventLine.parse(bytes[start..<stop], line: lineNumber)
    }

    /// Moves up to `limit` more lines into `batch` without parsing them (blank lines are counted
    /// and skipped, as ``next()`` skips them), so that they can be parsed elsewhere, e.g. on
    /// another thread: ``UnparsedLines/parse(_:)`` gives what ``next()`` would have.
    ///
    /// - Returns: `false` once the end of the input is reached (the lines before it are in `batch`).
    /// - Throws: as ``next()`` when the input cannot be read; the lines before are in `batch`.
    public mutating func readUnparsed(into batch: inout UnparsedLines, limit: Int) throws(CatalogueError) -> Bool {
        var added = 0
        while added < limit {
            guard let (start, stop) = try nextEventLineRange() else { return false }
            batch.append(line: lineNumber, bytes[start..<stop])
            added += 1
        }
        return true
    }

    /// The bounds of the next line that is not blank (without its `\r\n` or `\n`), counting every
    /// line in ``linesRead``; `nil` at the end.
    private mutating func nextEventLineRange() throws(CatalogueError) -> (Int, Int)? {
        while true {
            guard let (start, end) = try nextLineRange() else { return nil }
            lineNumber += 1
            var stop = end
            if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            if bytes[start..<stop].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return (start, stop)
        }
    }

    /// The bounds of the next line (without its newline), reading blocks as needed; `nil` at the end.
    private mutating func nextLineRange() throws(CatalogueError) -> (Int, Int)? {
        while true {
            // A byte-order mark is looked for once the first three bytes are there.
            if atStart, !exhausted, bytes.count < 3 {
                try readBlock()
                continue
            }
            skipByteOrderMark()
            if let newline = nextNewline() {
                defer { offset = newline + 1 }
                return (offset, newline)
            }
            if exhausted {
                guard offset < bytes.count else { return nil }
                defer { offset = bytes.count }
                return (offset, bytes.count)
            }
            try readBlock()
        }
    }

    /// The index of the first newline at or after `offset` in the current block, if any, found
    /// with `memchr` (`firstIndex(of:)` on the slice compared byte by byte).
    private func nextNewline() -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, offset < buffer.count,
                let found = memchr(base + offset, 0x0A, buffer.count - offset)
            else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }

    /// Appends the next block after the unfinished line, dropping what was read.
    private mutating func readBlock() throws(CatalogueError) {
        let next: [UInt8]?
        do {
            next = try nextBlock?()
        } catch {
            throw CatalogueError(
                line: lineNumber + 1, kind: .storeUnavailable, message: "the input could not be read (\(error))")
        }
        guard let block = next else {
            exhausted = true
            return
        }
        if offset > 0 {
            bytes.removeSubrange(0..<offset)
            offset = 0
        }
        bytes.append(contentsOf: block)
    }

    /// Skips a UTF-8 byte-order mark at the very start of the input.
    private mutating func skipByteOrderMark() {
        guard atStart else { return }
        atStart = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// Parses every line, collecting the lines that parse and the errors of those that do not.
    public static func readAll(_ bytes: [UInt8]) -> (lines: [EventLine], errors: [CatalogueError]) {
        var reader = NDJSONReader(bytes: bytes)
        var lines: [EventLine] = []
        var errors: [CatalogueError] = []
        while true {
            do {
                guard let line = try reader.next() else { break }
                lines.append(line)
            } catch {
                errors.append(error)
            }
        }
        return (lines, errors)
    }
}
