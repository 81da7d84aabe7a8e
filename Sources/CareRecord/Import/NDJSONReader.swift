/// Reads newline-delimited JSON event lines from bytes, one ``EventLine`` at a time, with
/// line numbers. Blank lines are skipped (but counted); `\r\n` endings and a leading UTF-8
/// byte-order mark are accepted.
public struct NDJSONReader: Sendable {
    private let bytes: [UInt8]
    private var offset: Int
    private var lineNumber = 0

    /// A reader over a whole input.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next event line, `nil` at the end of the input.
    ///
    /// - Throws: ``CatalogueError`` for a line that does not parse; reading may continue after it.
    public mutating func next() throws(CatalogueError) -> EventLine? {
        while offset < bytes.count {
            lineNumber += 1
            let start = offset
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            offset = end + 1
            var stop = end
            if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            let slice = bytes[start..<stop]
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return try EventLine.parse(slice, line: lineNumber)
        }
        return nil
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
