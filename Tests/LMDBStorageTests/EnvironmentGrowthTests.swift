import Foundation
import LMDBStorage
import Synchronization
import Testing

/// A write that fills the map grows it; growing waits for every transaction of the process, so
/// an environment opens with room beyond its data, and a write within that room never waits
/// for a read in progress (a whole-log check, a report fold) — nor does adding a database to an
/// older environment (a newer Carelog opening an older store's cache).
@Suite("LMDB environments that fill their map")
struct EnvironmentGrowthTests {
    @Test("a map that fills grows, and reopened it keeps room: a database added to it fits")
    func addingADatabaseGrowsAFullMap() throws {
        let path = try Self.filledEnvironment(table: "first")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Reopened with the same configured room, the map holds the file and that room.
        let env = try Environment(path: path, options: Self.options)
        #expect(env.mapSize >= env.info.requiredFileSize + Self.options.mapSize)
        let databases = try env.openDatabases(named: ["first", "second"], create: true)
        try env.write { txn in try txn.put(databases[1], key: [1], value: [2]) }
        #expect(try env.read { txn in try txn.get(databases[1], key: [1]).map { Array($0) } } == [2])
        #expect(try env.read { txn in try txn.count(databases[0]) } == 1000)
    }

    @Test("a write into the room left at open does not wait for a read in progress")
    func aWriteAfterReopeningDoesNotWaitForALongRead() throws {
        let path = try Self.filledEnvironment(table: "t")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path, options: Self.options)
        let table = try env.openDatabases(named: ["t"], create: false)[0]
        // A read held open on another thread until the write is done (or 10 s pass).
        let reading = DispatchSemaphore(value: 0)
        let written = DispatchSemaphore(value: 0)
        let readEndedBeforeTheWrite = Mutex(false)
        let reader = Thread {
            try? env.read { _ in
                reading.signal()
                if written.wait(timeout: .now() + 10) == .timedOut {
                    readEndedBeforeTheWrite.withLock { $0 = true }
                }
            }
        }
        reader.start()
        reading.wait()
        // New pages past the file's end (about half the room; the read keeps every freed page).
        try env.write { txn in
            for key in 1000..<1500 { try txn.put(table, key: Self.key(key), value: [UInt8](repeating: 8, count: 1000)) }
        }
        written.signal()
        #expect(readEndedBeforeTheWrite.withLock { $0 } == false)
        #expect(try env.read { txn in try txn.count(table) } == 1500)
    }

    /// Environments configured with 1 MiB of room.
    private static var options: Environment.Options {
        var options = Environment.Options()
        options.mapSize = 1 << 20
        return options
    }

    /// A new environment in a temporary directory whose `table` holds 1,000 values of 4 KiB,
    /// written in one transaction: the map grows past the 1 MiB configured, and no page freed
    /// earlier is left for a later transaction to reuse. Returns the directory.
    private static func filledEnvironment(table name: String) throws -> String {
        let path = NSTemporaryDirectory() + "carelog-lmdb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let env = try Environment(path: path, options: options)
        let table = try env.openDatabases(named: [name], create: true)[0]
        try env.write { txn in
            for n in 0..<1000 { try txn.put(table, key: key(n), value: [UInt8](repeating: 7, count: 4096)) }
        }
        #expect(env.mapSize > options.mapSize)
        return path
    }

    private static func key(_ n: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(n).bigEndian) { Array($0) } }
}
