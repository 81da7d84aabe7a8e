import CLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reported by LMDB or the system beneath it, mapped from its return code in one
/// place (``LMDBError/init(code:)``) so callers can switch on meaning, not numbers.
package struct LMDBError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the failure means to a caller.
    package enum Kind: Equatable, Sendable {
        /// `MDB_NOTFOUND`: no such key (most reads return `nil` instead).
        case notFound
        /// `MDB_KEYEXIST`: the key is already there (with a no-overwrite put).
        case keyExists
        /// `MDB_MAP_FULL`: the memory map is full; grow it and retry.
        case mapFull
        /// `MDB_MAP_RESIZED`: another process grew the map; adopt the new size.
        case mapResized
        /// `MDB_READERS_FULL`: too many concurrent readers.
        case readersFull
        /// `MDB_TXN_FULL`: too many dirty pages in one transaction.
        case transactionFull
        /// `MDB_CORRUPTED`, `MDB_PAGE_NOTFOUND`, `MDB_INVALID`, `MDB_VERSION_MISMATCH`: damaged or foreign files.
        case corrupted
        /// `MDB_BAD_VALSIZE`: a key or value of the wrong size (keys are limited to 511 bytes).
        case badValueSize
        /// `ENOSPC`/`EDQUOT`/`EFBIG`: the disk or a file-size limit is exhausted.
        case noSpace
        /// `EACCES`/`EPERM`/`EROFS`: not allowed (for example writing a read-only store).
        case permissionDenied
        /// `ENOENT`: the path does not exist.
        case noSuchFile
        /// Anything else.
        case other
    }

    /// The meaning.
    package let kind: Kind
    /// The raw return code, kept for diagnosis.
    package let code: Int32
    /// What LMDB (or the C library) says the code means.
    package let message: String

    /// Maps a non-zero LMDB or errno return code.
    package init(code: Int32) {
        self.code = code
        self.message = String(cString: mdb_strerror(code))
        switch code {
        case MDB_NOTFOUND: kind = .notFound
        case MDB_KEYEXIST: kind = .keyExists
        case MDB_MAP_FULL: kind = .mapFull
        case MDB_MAP_RESIZED: kind = .mapResized
        case MDB_READERS_FULL: kind = .readersFull
        case MDB_TXN_FULL: kind = .transactionFull
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_VERSION_MISMATCH: kind = .corrupted
        case MDB_BAD_VALSIZE: kind = .badValueSize
        case ENOSPC, EDQUOT, EFBIG: kind = .noSpace
        case EACCES, EPERM, EROFS: kind = .permissionDenied
        case ENOENT: kind = .noSuchFile
        default: kind = .other
        }
    }

    /// Throws unless `code` is `MDB_SUCCESS`.
    @inline(__always)
    static func check(_ code: Int32) throws(LMDBError) {
        if code != 0 { throw LMDBError(code: code) }
    }

    package var description: String { "LMDB error \(code): \(message)" }
}
