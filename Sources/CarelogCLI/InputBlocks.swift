import CarelogOperations
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read one block at a time, for `carelog import`, so the input is never held whole.
///
/// Each block is read with `read(2)` straight into one buffer that is used again for the next
/// block once the reader has copied it out (the reader appends each block to its own buffer and
/// lets go of it): no `Data` in between, and no fresh megabyte of pages per block.
final class InputBlocks {
    /// Bytes per read.
    static let blockSize = 1 << 20
    private let handle: FileHandle
    /// The block handed out last, read into again when no one else holds it.
    private var buffer: [UInt8] = []

    /// Opens the file at `path` for reading.
    init(path: String) throws {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    }

    deinit { try? handle.close() }

    /// The next block (``blockSize`` bytes, fewer only at the end of the file), `nil` at the end.
    func next() throws -> [UInt8]? {
        if buffer.count != Self.blockSize { buffer = [UInt8](repeating: 0, count: Self.blockSize) }
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let filled = buffer.withUnsafeMutableBytes { block -> Int in
            guard let base = block.baseAddress else { return 0 }
            var filled = 0
            while filled < block.count {
                let count = read(descriptor, base + filled, block.count - filled)
                if count > 0 {
                    filled += count
                } else if count == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            return filled
        }
        if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        if filled == 0 { return nil }
        return filled == buffer.count ? buffer : Array(buffer[..<filled])
    }
}
