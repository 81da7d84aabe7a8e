import CarelogOperations
import Foundation

/// A file read one block at a time, for `carelog import`, so the input is never held whole.
final class InputBlocks {
    /// Bytes per read.
    static let blockSize = 1 << 20
    private let handle: FileHandle

    /// Opens the file at `path` for reading.
    init(path: String) throws {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    }

    deinit { try? handle.close() }

    /// The next block, `nil` at the end of the file.
    func next() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: Self.blockSize), !data.isEmpty else { return nil }
        return Array(data)
    }
}
