import EventLog
import Foundation
import LMDBStorage

/// The projection checkpoints' cache: an LMDB environment of its own in `<store>/cache`,
/// holding saved fold states by key. It is only a cache: never part of the chain, a verify or a
/// backup (`backup` copies the store's own environment only); deleting it costs one full
/// rebuild per report. Created 0700 (directory) and 0600 (files) whatever the umask.
public final class FoldStateEnvironment: @unchecked Sendable {
    private let environment: Environment
    private let states: Database

    /// The cache directory of the store at `storePath`.
    public static func directory(forStoreAt storePath: String) -> String {
        (storePath as NSString).appendingPathComponent("cache")
    }

    /// Opens the cache of the store at `storePath`, creating it if needed.
    public init(storePath: String) throws(EventStoreError) {
        let path = Self.directory(forStoreAt: storePath)
        do {
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            }
            // Whatever the umask: the states are derived from health data.
            guard chmod(path, 0o700) == 0 else {
                throw EventStoreError.storage(detail: "cannot restrict the projection cache directory \(path)")
            }
            var options = Environment.Options()
            options.maxDatabases = 2
            environment = try Environment(path: path, options: options)
            states = try environment.openDatabases(named: ["fold-states"], create: true)[0]
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw .storage(detail: "cannot open the projection cache at \(path): \(error)")
        }
    }

    /// The bytes saved under `key`, or nil (also when the read fails: a cache miss).
    public func load(key: String) -> [UInt8]? {
        try? environment.read { txn in
            try txn.get(states, key: Array(key.utf8)).map { Array($0) }
        }
    }

    /// Saves `bytes` under `key`; a failure is ignored (the next report rebuilds in full).
    public func save(key: String, bytes: [UInt8]) {
        try? environment.write { txn in try txn.put(states, key: Array(key.utf8), value: bytes) }
    }

    /// Deletes the cache of the store at `storePath`; false when there was none.
    public static func clear(storePath: String) throws(EventStoreError) -> Bool {
        let path = directory(forStoreAt: storePath)
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw .storage(detail: "cannot delete the projection cache at \(path)")
        }
        return true
    }
}
