import EventLog
import Foundation
import LMDBStorage
import Synchronization

/// The durable event store: an LMDB environment in a directory (`data.mdb`, `lock.mdb`),
/// shared safely by threads and processes.
///
/// Appends are durable when they return (LMDB's synchronous commit); concurrent appends in
/// one process share a commit (``GroupCommit``). The global sequence is read inside the
/// write transaction, so appends from several processes interleave into one gap-free order.
/// The named databases and their layouts are described in `Docs/storage.md`.
public final class LMDBEventStore: EventStore, Sendable {
    /// How a store is opened.
    public struct Options: Sendable {
        /// Create the store if the directory holds none.
        public var createIfMissing = false
        /// Open without write access: reads and reports work, appends fail with ``EventStoreError/readOnly``.
        public var readOnly = false
        /// The room the memory map keeps beyond the log, in bytes: the map of a new store, what
        /// an open adds past the data in the file, and the least each growth adds. Growing the
        /// map waits for every read in progress in the process (a report fold, a whole-log
        /// check), so a service's appends should rarely need it; it is address space only (the
        /// file grows as pages are written).
        public var initialMapSize = 8 << 30
        /// Source of `recordedAt`; inject a fixed clock in tests.
        public var clock: @Sendable () -> Timestamp = { Timestamp(Date()) }
        /// The stream and type indexes catch up in one commit once this many events wait
        /// (1: every commit indexes its own events). Small commits then write only their events,
        /// which keeps single durable appends close to LMDB's own limit; see ``IndexTail``.
        public var indexBatch = 1024
        /// Creates default options.
        public init() {}
    }

    /// A random id fixed when the store was created (it names the store in checkpoints).
    public let storeID: String
    /// The store's directory.
    public let path: String
    let env: Environment
    let meta: Database
    let events: Database
    let streams: Database
    let streamIndex: Database
    let types: Database
    let typeIndex: Database
    let idempotency: Database
    let clock: @Sendable () -> Timestamp
    let indexBatch: Int
    let groupCommit = GroupCommit()
    /// The writer's view of the unindexed tail, kept between commits (nil: read it from the log).
    let cachedTail = Mutex<IndexTail?>(nil)
    /// Type ids already committed (ids never change once committed).
    let committedTypeIDs = Mutex<[String: UInt32]>([:])
    /// The Merkle tree's database once opened (LMDBEventStore+Tree.swift); opened under this lock.
    let merkleDatabase = Mutex<Database?>(nil)

    /// Opens the store in directory `path`, creating it when `options.createIfMissing` is set.
    public init(path: String, options: Options = Options()) throws(EventStoreError) {
        self.path = path
        self.clock = options.clock
        self.indexBatch = max(1, options.indexBatch)
        let dataFile = (path as NSString).appendingPathComponent("data.mdb")
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: dataFile)
        if !existed {
            guard options.createIfMissing, !options.readOnly else { throw .storeNotFound(path: path) }
            if !fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
                do {
                    try fileManager.createDirectory(
                        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw .storage(detail: "cannot create the store directory: \(error.localizedDescription)")
                }
            } else if !isDirectory.boolValue {
                throw .storage(detail: "\(path) is a file, not a store directory")
            }
        }
        do {
            var envOptions = Environment.Options()
            envOptions.mapSize = options.initialMapSize
            envOptions.readOnly = options.readOnly
            env = try Environment(path: path, options: envOptions)
            if existed {
                try Self.checkNotTruncated(env, dataFile: dataFile)
            }
            let names = [
                StoreLayout.Name.meta, StoreLayout.Name.events, StoreLayout.Name.streams, StoreLayout.Name.streamIndex,
                StoreLayout.Name.types, StoreLayout.Name.typeIndex, StoreLayout.Name.idempotency,
            ]
            var storeID = ""
            let now = options.clock()
            let databases = try env.openDatabases(
                named: names, options: StoreLayout.databaseOptions, create: !options.readOnly
            ) { txn, dbs in
                let meta = dbs[0]
                var format = try txn.get(meta, key: Array("format".utf8)).map { String(decoding: $0, as: UTF8.self) }
                if format == nil, options.createIfMissing, !options.readOnly {
                    storeID = UUID().uuidString.lowercased()
                    try txn.put(meta, key: Array("format".utf8), value: Array(StoreLayout.format.utf8))
                    try txn.put(meta, key: Array("storeID".utf8), value: Array(storeID.utf8))
                    try txn.put(meta, key: Array("createdAt".utf8), value: Array(now.iso8601.utf8))
                    try txn.put(meta, key: StoreLayout.indexedThroughKey, value: StoreLayout.be(UInt64(0)))
                    format = StoreLayout.format
                }
                guard let format, format == StoreLayout.format else {
                    throw EventStoreError.unsupportedFormat(found: format ?? "none", supported: StoreLayout.format)
                }
                if storeID.isEmpty {
                    storeID =
                        try txn.get(meta, key: Array("storeID".utf8)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
            }
            (meta, events, streams, streamIndex) = (databases[0], databases[1], databases[2], databases[3])
            (types, typeIndex, idempotency) = (databases[4], databases[5], databases[6])
            self.storeID = storeID
        } catch let error as EventStoreError {
            throw error
        } catch let error as LMDBError where error.kind == .notFound {
            throw .unsupportedFormat(found: "not a Carelog store", supported: StoreLayout.format)
        } catch {
            throw Self.translate(error)
        }
    }

    /// Creates a new store at `path` (the directory may exist but must hold no store).
    public static func create(
        at path: String, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
        indexBatch: Int = Options().indexBatch
    ) throws(EventStoreError) -> LMDBEventStore {
        if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("data.mdb")) {
            throw .storage(detail: "a store already exists at \(path)")
        }
        var options = Options()
        options.createIfMissing = true
        options.clock = clock
        options.indexBatch = indexBatch
        return try LMDBEventStore(path: path, options: options)
    }

    /// The current size of the memory map (it grows on demand).
    package var mapSize: Int { env.mapSize }

    /// Writes a consistent, compacted copy of the live store into `destination` (created if
    /// needed, must be empty). The copy is an ordinary store that verifies on its own. It holds
    /// personal data, so the directory is made 0700 and every file in it 0600, whatever the umask.
    public func backup(to destination: String) throws(EventStoreError) {
        let fileManager = FileManager.default
        do {
            if !fileManager.fileExists(atPath: destination) {
                try fileManager.createDirectory(
                    atPath: destination, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if let contents = try? fileManager.contentsOfDirectory(atPath: destination), !contents.isEmpty {
                throw EventStoreError.storage(detail: "backup destination \(destination) is not empty")
            }
            try env.copy(to: destination, compact: true)
            try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: destination)
            for name in try fileManager.contentsOfDirectory(atPath: destination) {
                try fileManager.setAttributes(
                    [.posixPermissions: 0o600], ofItemAtPath: (destination as NSString).appendingPathComponent(name))
            }
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw Self.translate(error)
        }
    }

    /// LMDB maps the file beyond its end; touching a missing page would crash the process
    /// (SIGBUS), so a truncated file is refused before any page is read.
    static func checkNotTruncated(_ env: Environment, dataFile: String) throws(EventStoreError) {
        // Read the meta page first: other processes may commit (and grow the file) meanwhile,
        // and the file only ever grows, so a size read afterwards is never falsely short.
        let required = env.info.requiredFileSize
        let attributes = try? FileManager.default.attributesOfItem(atPath: dataFile)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        if size < required {
            throw .corrupted(detail: "data.mdb is \(size) bytes but its pages need \(required): the file was truncated")
        }
    }

    /// Maps a storage failure to the store's error, in one place.
    static func translate(_ error: any Error) -> EventStoreError {
        if let error = error as? EventStoreError { return error }
        guard let error = error as? LMDBError else { return .storage(detail: String(describing: error)) }
        switch error.kind {
        case .noSpace: return .noSpace(detail: error.message)
        case .corrupted: return .corrupted(detail: error.message)
        case .permissionDenied: return .storage(detail: "permission denied: \(error.message)")
        case .noSuchFile: return .storage(detail: error.message)
        default: return .storage(detail: error.description)
        }
    }
}
