import Foundation
import LMDBStorage
import Testing

/// An environment larger than its configured map opens with the map exactly as large as the
/// file, so the first write that needs a new page fills it: adding a database to such an
/// environment (a newer Carelog opening an older store's cache) must grow the map, as a write does.
@Suite("LMDB environments that fill their map")
struct EnvironmentGrowthTests {
    @Test("a database added to an environment that fills its map is created after the map grows")
    func addingADatabaseGrowsAFullMap() throws {
        let path = NSTemporaryDirectory() + "carelog-lmdb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = Environment.Options()
        options.mapSize = 1 << 20
        do {
            let env = try Environment(path: path, options: options)
            let first = try env.openDatabases(named: ["first"], create: true)[0]
            // One transaction of 4 MiB: the map grows past the 1 MiB configured, and no page
            // freed earlier is left for the next transaction to reuse.
            try env.write { txn in
                for key in 0..<1000 {
                    try txn.put(
                        first, key: withUnsafeBytes(of: UInt32(key).bigEndian) { Array($0) },
                        value: [UInt8](
                            repeating: 7, count: 4096))
                }
            }
            #expect(env.mapSize > options.mapSize)
        }
        // Reopened with the same configured size, the map is the file's size: full.
        let env = try Environment(path: path, options: options)
        let databases = try env.openDatabases(named: ["first", "second"], create: true)
        try env.write { txn in try txn.put(databases[1], key: [1], value: [2]) }
        #expect(try env.read { txn in try txn.get(databases[1], key: [1]).map { Array($0) } } == [2])
        #expect(try env.read { txn in try txn.count(databases[0]) } == 1000)
    }
}
