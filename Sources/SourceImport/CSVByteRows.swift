import Foundation

/// The rows of a CSV text read from an `InputStream` in 64 KiB pieces, byte by byte: a UTF-8
/// byte-order mark is skipped, a row ends at CRLF, LF or CR, and a field that starts with a quote
/// runs to the closing quote (delimiters, line breaks and doubled quotes inside it are text). It
/// reads what CSV.swift read, with the same cells (a quote not followed by a delimiter, a line
/// break, a second quote or the end is kept and the character after it dropped; a quote inside
/// an unquoted field is text), except that a quoted cell never closed is refused (CSV.swift took
/// the rest of the file as that cell, without an error), without
/// decoding the text a character at a time: each cell is one `String` made from its bytes, which
/// must be UTF-8.
struct CSVByteRows {
    /// Why the rows stopped early.
    enum Failure: Error {
        /// The stream cannot be opened or read, or starts with a UTF-16 or UTF-32 byte-order mark.
        case unreadable
        /// A cell is not UTF-8, or the stream failed part-way.
        case malformed
        /// A quoted cell is never closed: the rest of the file would be that one cell.
        case unclosedQuote
    }

    private static let pieceSize = 65_536
    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private let stream: InputStream
    private let delimiter: UInt8
    private var piece: [UInt8]
    private var position = 0
    private var count = 0
    private var atEnd = false
    /// The bytes of the cell being read (reused from cell to cell).
    private var cell: [UInt8] = []

    /// Rows from `stream`, cells split at `delimiter` (an ASCII character).
    init(stream: InputStream, delimiter: UInt8) throws(Failure) {
        self.stream = stream
        self.delimiter = delimiter
        piece = [UInt8](repeating: 0, count: Self.pieceSize)
        if stream.streamStatus == .notOpen { stream.open() }
        guard stream.streamStatus == .open else { throw .unreadable }
        try refill()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if count >= 3, piece[0..<3].elementsEqual(bom) { position = 3 }
        // UTF-16 (FE FF, FF FE) and UTF-32 byte-order marks: not a UTF-8 text.
        if count >= 2, (piece[0] == 0xFE && piece[1] == 0xFF) || (piece[0] == 0xFF && piece[1] == 0xFE) {
            throw .unreadable
        }
        if count >= 4, piece[0..<4].elementsEqual([0, 0, 0xFE, 0xFF]) { throw .unreadable }
    }

    /// The next row's cells, `nil` at the end of the text.
    ///
    /// - Throws: ``Failure/malformed`` when a cell is not UTF-8 or the stream fails,
    ///   ``Failure/unclosedQuote`` when a quoted cell runs to the end of the file.
    mutating func next() throws(Failure) -> [String]? {
        guard let first = try byte() else { return nil }
        var row: [String] = []
        var c: UInt8? = first
        while true {
            let ended: Bool
            if c == nil {
                row.append("")
                ended = true
            } else if c == Self.quote {
                ended = try quotedCell()
                row.append(try text())
            } else {
                position -= 1
                ended = try plainCell()
                row.append(try text())
            }
            if ended { return row }
            c = try byte()
        }
    }

    /// Reads an unquoted cell into `cell`; `true` when the row ended with it.
    private mutating func plainCell() throws(Failure) -> Bool {
        cell.removeAll(keepingCapacity: true)
        while true {
            // Copies the run of ordinary bytes in the piece at once.
            var run = position
            while run < count {
                let b = piece[run]
                if b == delimiter || b == Self.cr || b == Self.lf { break }
                run += 1
            }
            cell.append(contentsOf: piece[position..<run])
            position = run
            guard let b = try byte() else { return true }
            if b == delimiter { return false }
            if b == Self.cr {
                try skipLineFeed()
                return true
            }
            if b == Self.lf { return true }
            // The piece ran out inside the cell: the byte read is the first of the next piece.
            position -= 1
        }
    }

    /// Reads the rest of a quoted cell (its opening quote read) into `cell`; `true` when the row
    /// ended with it.
    private mutating func quotedCell() throws(Failure) -> Bool {
        cell.removeAll(keepingCapacity: true)
        while let b = try byte() {
            guard b == Self.quote else {
                cell.append(b)
                continue
            }
            guard let after = try byte() else { return true }
            if after == Self.cr {
                try skipLineFeed()
                return true
            }
            if after == Self.lf { return true }
            if after == delimiter { return false }
            // A doubled quote is one quote.
            cell.append(Self.quote)
            if after == Self.quote { continue }
            // CSV.swift keeps the quote and drops the character after it (a whole character).
            if after >= 0xC0 { try skipContinuationBytes() }
        }
        throw .unclosedQuote
    }

    /// The cell read, as text.
    private func text() throws(Failure) -> String {
        // An ASCII cell (most cells) is valid UTF-8 as it is: made without `String(validating:)`,
        // which is not specialized here and looked up its type metadata for every cell.
        let text = cell.withUnsafeBufferPointer { bytes -> String? in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            return high < 0x80 ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        guard let text else { throw .malformed }
        return text
    }

    /// After a CR: a following LF belongs to the same line break.
    private mutating func skipLineFeed() throws(Failure) {
        if let b = try byte(), b != Self.lf { position -= 1 }
    }

    /// Skips the continuation bytes of a UTF-8 character whose first byte was read.
    private mutating func skipContinuationBytes() throws(Failure) {
        while let b = try byte() {
            if b & 0xC0 != 0x80 {
                position -= 1
                return
            }
        }
    }

    /// The next byte, `nil` at the end. After it, `position -= 1` puts it back (the piece is only
    /// refilled when it is used up, so the byte just read is always still in it).
    private mutating func byte() throws(Failure) -> UInt8? {
        if position == count {
            guard !atEnd else { return nil }
            try refill()
            guard position < count else { return nil }
        }
        defer { position += 1 }
        return piece[position]
    }

    /// Reads the next piece.
    private mutating func refill() throws(Failure) {
        let read = piece.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return -1 }
            return stream.read(base, maxLength: buffer.count)
        }
        guard read >= 0 else { throw .malformed }
        position = 0
        count = read
        if read == 0 { atEnd = true }
    }
}
