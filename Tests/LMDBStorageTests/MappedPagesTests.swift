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

    /// The map's place is looked up once and kept; when the map grows LMDB maps the file anew,
    /// and the kept place is dropped, so pages are never released where the map no longer is.
    @Test func pagesAreReleasedWhereTheMapIsAfterItGrows() throws {
        let path = NSTemporaryDirectory() + "carelog-lmdb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = Environment.Options()
        options.mapSize = 1 << 20
        let env = try Environment(path: path, options: options)
        let db = try env.openDatabases(named: ["values"], create: true)[0]
        func key(_ i: Int) -> [UInt8] {
            [UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i)]
        }
        func value(_ i: Int) -> [UInt8] { Array(repeating: UInt8(truncatingIfNeeded: i), count: 300) }
        func write(_ range: Range<Int>) throws {
            try env.write { txn in
                for i in range { try txn.put(db, key: key(i), value: value(i)) }
            }
        }
        func readAll(_ count: Int) throws -> Bool {
            try env.read { txn in
                try (0..<count).allSatisfy { try txn.get(db, key: key($0)).map { Array($0) } == value($0) }
            }
        }
        try write(0..<100)
        env.releaseMappedPages()
        #if os(Linux)
        let dataFile = try #require(realpath(path + "/data.mdb", nil))
        defer { free(dataFile) }
        let file = String(cString: dataFile)
        #expect(env.keptMappedRanges == Environment.mappedRanges(ofFile: file))
        #expect(!env.keptMappedRanges.isEmpty)
        #endif
        let small = env.mapSize
        // 20,000 values of 300 bytes do not fit in 1 MiB: the write grows the map.
        for start in stride(from: 100, to: 20_000, by: 2_000) { try write(start..<min(start + 2_000, 20_000)) }
        #expect(env.mapSize > small)
        #if os(Linux)
        #expect(env.keptMappedRanges.isEmpty)
        #endif
        env.releaseMappedPages()
        #if os(Linux)
        #expect(env.keptMappedRanges == Environment.mappedRanges(ofFile: file))
        #expect(env.keptMappedRanges.reduce(0) { $0 + $1.count } >= env.mapSize)
        #endif
        #expect(try readAll(20_000))
    }
}
