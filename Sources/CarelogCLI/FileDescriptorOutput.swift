import CarelogOperations
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text output to a file descriptor (1 for standard output, 2 for standard error), buffered
/// up to ``bufferLimit`` bytes so that listing a large log does not make one system call per line.
package final class FileDescriptorOutput: TextOutput, Sendable {
    /// The descriptor written to.
    package let descriptor: Int32
    /// Bytes held before they are written; 0 writes every call immediately.
    package let bufferLimit: Int
    private let buffer = Mutex<[UInt8]>([])

    /// Output to `descriptor`, buffering up to `bufferLimit` bytes.
    package init(descriptor: Int32, bufferLimit: Int = 1 << 16) {
        self.descriptor = descriptor
        self.bufferLimit = bufferLimit
    }

    package func write(_ text: String) {
        buffer.withLock { bytes in
            bytes.append(contentsOf: text.utf8)
            if bytes.count >= bufferLimit { drain(&bytes) }
        }
    }

    package func flush() {
        buffer.withLock { drain(&$0) }
    }

    private func drain(_ bytes: inout [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress, raw.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break  // A closed pipe (e.g. `carelog log | head`): drop the rest quietly.
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
