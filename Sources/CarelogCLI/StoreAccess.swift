import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog

/// Opens and creates stores for commands, with the environment's clock and errors as ``CarelogError``.
enum StoreAccess {
    /// Whether `path` already holds a store.
    static func exists(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("data.mdb"))
    }

    /// Opens the existing store at `path`. `indexBatch` (default: the store's) is how many events
    /// wait unindexed before the stream and type indexes catch up (``LMDBEventStore/Options/indexBatch``).
    static func open(
        _ path: String, _ environment: CommandEnvironment, readOnly: Bool = false, indexBatch: Int? = nil
    ) throws(CarelogError) -> LMDBEventStore {
        var options = LMDBEventStore.Options()
        options.clock = environment.clock
        options.readOnly = readOnly
        if let indexBatch { options.indexBatch = indexBatch }
        do {
            return try LMDBEventStore(path: path, options: options)
        } catch {
            throw CarelogError.from(error)
        }
    }

    /// Creates a store at `path`; fails if one exists.
    static func create(_ path: String, _ environment: CommandEnvironment) throws(CarelogError) -> LMDBEventStore {
        if exists(at: path) {
            throw .storeOrIO("a store already exists at \(path); choose another --store path")
        }
        do {
            return try LMDBEventStore.create(at: path, clock: environment.clock)
        } catch {
            throw CarelogError.from(error)
        }
    }
}
