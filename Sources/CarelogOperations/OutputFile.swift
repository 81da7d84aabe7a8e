import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place commands write files (`--output` reports and extracts, manifests,
/// checkpoints, pseudonym keys): created owner-only (0600) whatever the umask, replaced
/// atomically, never inside a Carelog store directory, and never over an existing file
/// unless `--force` was given.
///
/// A file is written to a new temporary file beside it (`open` with `O_EXCL`, mode 0600 set
/// with `fchmod`, so the umask cannot widen it), flushed to disk, then renamed over the
/// destination: a reader never sees half a file, and a replaced file's mode becomes 0600
/// (never wider than before).
package enum OutputFile {
    /// The mode of every file written: read and write for the owner only.
    package static let fileMode: mode_t = 0o600
    /// The mode of every directory created: owner only.
    package static let directoryMode: mode_t = 0o700

    /// Refuses `path` before any work is done: inside a store directory (one holding a
    /// `data.mdb`, or `store`), a directory, a missing parent directory, or an existing file
    /// without `force`. Returns the path to write (the parent directory resolved).
    @discardableResult
    package static func check(_ path: String, force: Bool, store: String? = nil, option: String = "--output")
        throws(CarelogError)
        -> String
    {
        guard !path.isEmpty else { throw .usage("\(option) needs a file name") }
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard name != "." && name != ".." && !path.hasSuffix("/") else {
            throw .usage("\(option) \(path) is a directory; give a file name")
        }
        let parent = url.deletingLastPathComponent().path
        // The nearest directory that exists decides whether the path is inside a store.
        var existing = parent
        while realPath(existing) == nil, existing != "/", !existing.isEmpty {
            existing = (existing as NSString).deletingLastPathComponent
        }
        if let resolved = realPath(existing), let storeDirectory = enclosingStore(of: resolved, explicitStore: store) {
            throw .usage(
                "\(option) \(path) is inside the Carelog store \(storeDirectory); write reports and extracts outside the store"
            )
        }
        guard let resolvedParent = realPath(parent) else {
            throw .usage("\(option) \(path): the directory \(parent) does not exist")
        }
        let target = (resolvedParent as NSString).appendingPathComponent(name)
        if let status = FileStatus(path: target) {
            if status.isDirectory { throw .usage("\(option) \(path) is a directory; give a file name") }
            if !force { throw .usage("\(option) \(path) already exists; pass --force to replace it") }
        }
        return target
    }

    /// Checks `path` (see ``check(_:force:store:option:)``) and writes `bytes` to it, 0600.
    package static func write(
        _ bytes: [UInt8], to path: String, force: Bool, store: String? = nil, option: String = "--output"
    )
        throws(CarelogError)
    {
        let target = try check(path, force: force, store: store, option: option)
        try writePrivate(bytes, to: target, displayName: path)
    }

    /// Writes `bytes` to `target` through a 0600 temporary file renamed into place.
    package static func writePrivate(_ bytes: [UInt8], to target: String, displayName: String) throws(CarelogError) {
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(
            ".carelog-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw .storeOrIO("cannot write \(displayName): \(errorText())") }
        var failure: String?
        if fchmod(fd, fileMode) != 0 { failure = errorText() }
        var offset = 0
        while failure == nil, offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errorText()
            } else {
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errorText() }
        if close(fd) != 0, failure == nil { failure = errorText() }
        if failure == nil, rename(temporary, target) != 0 { failure = errorText() }
        if let failure {
            unlink(temporary)
            throw .storeOrIO("cannot write \(displayName): \(failure)")
        }
    }

    /// Creates `path` as an owner-only directory if it does not exist (0700 whatever the umask).
    package static func makePrivateDirectory(_ path: String) throws(CarelogError) {
        if mkdir(path, directoryMode) != 0, errno != EEXIST {
            throw .storeOrIO("cannot create directory \(path): \(errorText())")
        }
        if chmod(path, directoryMode) != 0 { throw .storeOrIO("cannot restrict directory \(path): \(errorText())") }
    }

    /// The store directory `directory` is inside (itself or an ancestor holding a `data.mdb`,
    /// or the explicit store), if any.
    package static func enclosingStore(of directory: String, explicitStore: String?) -> String? {
        if let explicitStore, let store = realPath(explicitStore) {
            if directory == store || directory.hasPrefix(store.hasSuffix("/") ? store : store + "/") {
                return explicitStore
            }
        }
        var current = directory
        while true {
            if access((current as NSString).appendingPathComponent("data.mdb"), F_OK) == 0 { return current }
            let up = (current as NSString).deletingLastPathComponent
            if up == current || up.isEmpty { return nil }
            current = up
        }
    }

    /// The absolute path with symbolic links resolved; nil when it does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path.isEmpty ? "." : path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
