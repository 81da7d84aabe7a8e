import Foundation
import Glibc

/// An `InputStream` over a file that reads it in 64 KiB pieces with `read(2)`, so the CSV reader
/// (``CSVByteRows``) streams a file of any size while holding one piece (`InputStream(data:)` over
/// the mapped file holds a copy of the whole file; Foundation's `InputStream(fileAtPath:)` on Linux
/// says bytes are available at the end of the file, which CSV.swift, the parser before, took for a
/// read error).
///
/// ``hasBytesAvailable`` reads ahead, so it is `false` exactly at the end of the file.
final class FileChunkStream: InputStream {
    private static let pieceSize = 65_536
    private let descriptor: Int32
    private let piece: UnsafeMutablePointer<UInt8>
    private var start = 0
    private var end = 0
    private var status: Stream.Status = .notOpen
    private var failure: (any Error)?

    /// A stream over the file at `path`, or `nil` when it cannot be opened for reading.
    init?(path: String) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        piece = .allocate(capacity: Self.pieceSize)
        super.init(data: Data())
    }

    deinit {
        if status != .closed { _ = Glibc.close(descriptor) }
        piece.deallocate()
    }

    override func open() { status = .open }

    override func close() {
        guard status != .closed else { return }
        _ = Glibc.close(descriptor)
        status = .closed
    }

    override var streamStatus: Stream.Status { status }

    override var streamError: (any Error)? { failure }

    override var hasBytesAvailable: Bool { start < end || refill() }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        guard start < end || refill() else { return failure == nil ? 0 : -1 }
        let count = min(maxLength, end - start)
        buffer.update(from: piece + start, count: count)
        start += count
        return count
    }

    override func getBuffer(
        _ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>
    ) -> Bool { false }

    /// Reads the next piece; `false` at the end of the file or on a read error.
    private func refill() -> Bool {
        guard status == .open else { return false }
        while true {
            let count = Glibc.read(descriptor, piece, Self.pieceSize)
            if count < 0, errno == EINTR { continue }
            if count < 0 {
                failure = POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                status = .error
                return false
            }
            start = 0
            end = count
            if count == 0 { status = .atEnd }
            return count > 0
        }
    }
}
