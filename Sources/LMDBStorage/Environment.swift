import CLMDB
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment: one directory holding `data.mdb` and `lock.mdb`, shared safely
/// by threads and processes. Closed when the last reference goes.
///
/// Transactions are closure-scoped (``read(_:)``, ``write(_:)``): the body commits on
/// return and aborts on throw, and the transaction cannot escape it. A write that finds the
/// map full grows the map and runs the body again, so callers never see `MDB_MAP_FULL`.
///
/// `@unchecked Sendable`: the compiler cannot see into the C handle. LMDB allows one
/// environment to be shared by threads (opened with `MDB_NOTLS`, so read transactions are not
/// tied to a thread), every transaction is confined to the closure that runs it, and the only
/// mutation of the environment itself (resizing the map) is serialised by `resizeLock`.
///
/// Resizing waits until no transaction of the process is open (LMDB requires it): a write that
/// fills the map waits for the longest read in progress, a whole-log verification or report
/// fold of many seconds. So the map keeps room: it is opened at least ``Options/mapSize``
/// beyond the data already in the file, and each growth adds at least as much again (the map
/// is address space, not memory or disk: the file grows only as pages are written).
package final class Environment: @unchecked Sendable {
    /// How the environment is opened.
    package struct Options: Sendable {
        /// The room the memory map keeps in bytes: its size for a new environment, what an
        /// open adds past the data already in the file, and the least a growth adds.
        package var mapSize: Int = 64 << 20
        /// Most named databases this environment may hold.
        package var maxDatabases: UInt32 = 16
        /// Most concurrent read transactions across all processes.
        package var maxReaders: UInt32 = 256
        /// Open without write access.
        package var readOnly = false
        /// Creates default options.
        package init() {}
    }

    let handle: OpaquePointer
    let resizeLock = ReadWriteLock()
    /// The least a growth adds to the map (``Options/mapSize``).
    let room: Int
    /// Where this process maps the data file, once looked up (``releaseMappedPages()``); dropped
    /// whenever the map is replaced.
    let knownMappedRanges = Mutex<[Range<UInt>]?>(nil)
    /// Whether writes are refused.
    package let isReadOnly: Bool

    /// Opens (creating the files if needed and allowed) the environment in directory `path`.
    /// Files are created readable and writable by their owner only (mode 0600).
    package init(path: String, options: Options = Options()) throws(LMDBError) {
        var env: OpaquePointer?
        try LMDBError.check(mdb_env_create(&env))
        guard let env else { throw LMDBError(code: ENOMEM) }
        do {
            try LMDBError.check(mdb_env_set_maxdbs(env, MDB_dbi(options.maxDatabases)))
            try LMDBError.check(mdb_env_set_maxreaders(env, options.maxReaders))
            try LMDBError.check(mdb_env_set_mapsize(env, options.mapSize))
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            try LMDBError.check(mdb_env_open(env, path, flags, 0o600))
            if !options.readOnly {
                // An environment larger than the configured size opens with the map exactly as
                // large as its file: full at the first write that needs a new page.
                var info = MDB_envinfo()
                mdb_env_info(env, &info)
                var stat = MDB_stat()
                mdb_env_stat(env, &stat)
                let used = (info.me_last_pgno + 1) * Int(stat.ms_psize)
                if info.me_mapsize < used + options.mapSize {
                    try LMDBError.check(mdb_env_set_mapsize(env, used + options.mapSize))
                }
            }
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.isReadOnly = options.readOnly
        self.room = options.mapSize
    }

    deinit { mdb_env_close(handle) }

    /// Opens named databases in one transaction (a write transaction when `create` is set,
    /// so that processes creating the same store at once are serialised by LMDB's writer
    /// lock), runs `setUp` inside that same transaction, and commits. If the map fills (a
    /// database added to an environment whose file fills its map, as every environment larger
    /// than ``Options/mapSize`` does when opened), the map is grown and it all runs again, so
    /// `setUp` must not have outside effects.
    package func openDatabases(
        named names: [String], options: [String: DatabaseOptions] = [:], create: Bool,
        setUp: (borrowing Transaction, [Database]) throws -> Void = { _, _ in }
    ) throws -> [Database] {
        while true {
            do {
                return try openDatabasesOnce(named: names, options: options, create: create, setUp: setUp)
            } catch let error as LMDBError where error.kind == .mapFull && create {
                try grow()
            }
        }
    }

    private func openDatabasesOnce(
        named names: [String], options: [String: DatabaseOptions], create: Bool,
        setUp: (borrowing Transaction, [Database]) throws -> Void
    ) throws -> [Database] {
        let txn = try begin(readOnly: !create)
        defer { resizeLock.unlock() }
        do {
            var databases: [Database] = []
            for name in names {
                var dbi: MDB_dbi = 0
                let flags = (create ? UInt32(MDB_CREATE) : 0) | (options[name]?.rawValue ?? 0)
                try LMDBError.check(mdb_dbi_open(txn, name, flags, &dbi))
                databases.append(Database(handle: dbi, name: name))
            }
            try setUp(Transaction(handle: txn), databases)
            // Committing (even a read-only transaction) keeps the handles open for the environment's lifetime.
            try LMDBError.check(mdb_txn_commit(txn))
            return databases
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
    }

    /// Runs `body` in a read-only snapshot of the environment.
    package func read<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        try runTransaction(readOnly: true, body)
    }

    /// Runs `body` in the single write transaction (waiting for other writers, in this and
    /// other processes), and commits durably if it returns. If the map fills, the map is
    /// grown and `body` runs again from the start, so it must not have outside effects.
    package func write<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        while true {
            do {
                return try runTransaction(readOnly: false, body)
            } catch let error as LMDBError where error.kind == .mapFull {
                try grow()
            }
        }
    }

    /// The current size of the memory map in bytes.
    package var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Facts about the files on disk, read from LMDB's meta pages.
    package struct Info: Sendable {
        /// Size of a database page.
        package var pageSize: Int
        /// The highest page number in use.
        package var lastPageNumber: Int
        /// Bytes the data file must hold at least.
        package var requiredFileSize: Int { (lastPageNumber + 1) * pageSize }
    }

    /// Page size and last page in use.
    package var info: Info {
        var envInfo = MDB_envinfo()
        mdb_env_info(handle, &envInfo)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return Info(pageSize: Int(stat.ms_psize), lastPageNumber: envInfo.me_last_pgno)
    }

    /// Writes a consistent copy of the environment to the directory `destination` (which must
    /// exist and be empty), compacting free pages. Safe while other threads and processes write.
    package func copy(to destination: String, compact: Bool = true) throws(LMDBError) {
        try LMDBError.check(mdb_env_copy2(handle, destination, compact ? UInt32(MDB_CP_COMPACT) : 0))
    }

    /// Grows the map by its size, by at most 1 GiB but at least the configured room, waiting
    /// until no transaction of this process is open, as LMDB requires.
    func grow() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        let current = mapSize
        let next = current + max(room, min(current, 1 << 30))
        // LMDB maps the file anew, perhaps elsewhere.
        knownMappedRanges.withLock { $0 = nil }
        try LMDBError.check(mdb_env_set_mapsize(handle, next))
    }

    /// Adopts a map size another process set.
    func adoptResizedMap() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        knownMappedRanges.withLock { $0 = nil }
        try LMDBError.check(mdb_env_set_mapsize(handle, 0))
    }

    private func runTransaction<R>(readOnly: Bool, _ body: (borrowing Transaction) throws -> R) throws -> R {
        let txn = try begin(readOnly: readOnly)
        let transaction = Transaction(handle: txn)
        let result: R
        do {
            result = try body(transaction)
        } catch {
            mdb_txn_abort(txn)
            resizeLock.unlock()
            throw error
        }
        if readOnly {
            mdb_txn_abort(txn)
            resizeLock.unlock()
            return result
        }
        let code = mdb_txn_commit(txn)
        resizeLock.unlock()
        try LMDBError.check(code)
        return result
    }

    /// Begins a transaction holding the resize lock shared; the caller unlocks after ending it.
    private func begin(readOnly: Bool) throws(LMDBError) -> OpaquePointer {
        while true {
            resizeLock.lockShared()
            var txn: OpaquePointer?
            let code = mdb_txn_begin(handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn)
            if code == 0, let txn { return txn }
            resizeLock.unlock()
            let error = LMDBError(code: code)
            guard error.kind == .mapResized else { throw error }
            try adoptResizedMap()
        }
    }
}
