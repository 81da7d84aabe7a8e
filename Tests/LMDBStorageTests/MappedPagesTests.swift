import Foundation
import LMDBStorage
import Testing

/// Unmapping the store's pages leaves what is stored readable, from the file.
@Suite struct MappedPagesTests {
    @Test func releasedPagesReadBackTheSameValues() throws {
        let path = NSTemporaryDirectory() + "carelog-lmdb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        let db = try env.openDatabases(named: ["values"], create: true)[0]
        let keys = (0..<2000).map { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        func value(_ i: Int) -> [UInt8] { Array(repeating: UInt8(truncatingIfNeeded: i), count: 300) }
        try env.write { txn in
            for (i, key) in keys.enumerated() { try txn.put(db, key: key, value: value(i)) }
        }
        func readAll() throws -> Bool {
            try env.read { txn in
                try keys.enumerated().allSatisfy { i, key in
                    try txn.get(db, key: key).map { Array($0) } == value(i)
                }
            }
        }
        #expect(try readAll())
        #if os(Linux)
        // The map is found by the data file's resolved path.
        let dataFile = try #require(realpath(path + "/data.mdb", nil))
        defer { free(dataFile) }
        #expect(!Environment.mappedRanges(ofFile: String(cString: dataFile)).isEmpty)
        #endif
        env.releaseMappedPages()
        #expect(try readAll())
        // Writing and reading go on as before.
        try env.write { txn in try txn.put(db, key: [0xFF, 0xFF], value: value(7)) }
        env.releaseMappedPages()
        #expect(try env.read { txn in try txn.get(db, key: [0xFF, 0xFF]).map { Array($0) } } == value(7))
        #expect(try readAll())
    }
}
