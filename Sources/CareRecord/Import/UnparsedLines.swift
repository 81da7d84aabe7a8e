/// Lines of NDJSON split off an input but not yet parsed (``NDJSONReader/readUnparsed(into:limit:)``):
/// their bytes, one after the other in one buffer, with each line's number and place in it. A
/// batch of them can be parsed on another thread than the one reading the input.
public struct UnparsedLines: Sendable {
    /// The lines' bytes, without their line endings.
    private var bytes: [UInt8] = []
    /// Each line's number in the input and where its bytes end in ``bytes`` (a line starts where
    /// the one before it ends).
    private var ends: [(line: Int, end: Int)] = []

    /// An empty batch with room for `lines` lines of about `bytesPerLine` bytes.
    public init(reservingLines lines: Int = 0, bytesPerLine: Int = 0) {
        ends.reserveCapacity(lines)
        bytes.reserveCapacity(lines * bytesPerLine)
    }

    /// How many lines the batch holds.
    public var count: Int { ends.count }

    /// Whether the batch holds no line.
    public var isEmpty: Bool { ends.isEmpty }

    /// The number in the input of the line at `index`.
    public func lineNumber(at index: Int) -> Int { ends[index].line }

    /// Adds a line (its bytes without the line ending) numbered `line`.
    mutating func append(line: Int, _ lineBytes: ArraySlice<UInt8>) {
        bytes.append(contentsOf: lineBytes)
        ends.append((line, bytes.count))
    }

    /// The line at `index` parsed, as ``NDJSONReader/next()`` would have handed it out.
    ///
    /// - Throws: as ``NDJSONReader/next()`` for that line.
    public func parse(_ index: Int) throws(CatalogueError) -> EventLine {
        let start = index == 0 ? 0 : ends[index - 1].end
        let (line, end) = ends[index]
        return try EventLine.parse(bytes[start..<end], line: line)
    }
}
