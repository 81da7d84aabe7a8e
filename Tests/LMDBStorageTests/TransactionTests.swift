import Foundation
import LMDBStorage
import Testing

@Suite("LMDB transactions")
struct TransactionTests {
    /// A fresh environment in a temporary directory, removed afterwards.
    private func withEnvironment(_ body: (Environment) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "carelog-lmdb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(try Environment(path: path))
    }

    private func packed(_ env: Environment) throws -> Database {
        try env.openDatabases(named: ["packed"], options: ["packed": .fixedSizeDuplicates], create: true)[0]
    }

    private func be(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }

    private func values(of key: [UInt8], _ db: Database, _ env: Environment) throws -> [UInt64] {
        try env.read { txn in
            try txn.withCursor(db) { cursor in
                var out: [UInt64] = []
                var entry = try cursor.seek(key: key)
                while let e = entry {
                    out.append(e.value.reduce(0) { $0 << 8 | UInt64($1) })
                    entry = try cursor.nextDuplicate()
                }
                return out
            }
        }
    }

    @Test("packed values put in one call read back in order, after the values already there")
    func putDuplicatesAppendsInOrder() throws {
        try withEnvironment { env in
            let db = try packed(env)
            try env.write { txn in try txn.put(db, key: [0, 0, 0, 1], value: be(1)) }
            try env.write { txn in
                try txn.putDuplicates(
                    db, key: [0, 0, 0, 1], values: (2...600).flatMap { be($0) }, valueSize: 8, options: .appendDuplicate
                )
                try txn.putDuplicates(
                    db, key: [0, 0, 0, 2], values: be(7) + be(9), valueSize: 8, options: .appendDuplicate)
            }
            #expect(try values(of: [0, 0, 0, 1], db, env) == Array(1...600))
            #expect(try values(of: [0, 0, 0, 2], db, env) == [7, 9])
        }
    }

    @Test("packed values out of order are refused and the transaction leaves nothing behind")
    func putDuplicatesRefusesDisorder() throws {
        try withEnvironment { env in
            let db = try packed(env)
            try env.write { txn in try txn.put(db, key: [0, 0, 0, 1], value: be(5)) }
            #expect(throws: LMDBError.self) {
                try env.write { txn in
                    try txn.putDuplicates(
                        db, key: [0, 0, 0, 1], values: be(6) + be(3), valueSize: 8, options: .appendDuplicate)
                }
            }
            #expect(try values(of: [0, 0, 0, 1], db, env) == [5])
        }
    }

    @Test("a reserved value is written in place and reads back whole")
    func putReservedFillsInPlace() throws {
        try withEnvironment { env in
            let db = try env.openDatabases(named: ["plain"], create: true)[0]
            let key = be(42)
            try env.write { txn in
                try key.withUnsafeBytes { k in
                    try txn.putReserved(db, key: k, size: 5000) { value in
                        for i in value.indices { value[i] = UInt8(truncatingIfNeeded: i * 7) }
                    }
                }
            }
            let stored = try env.read { txn in try txn.get(db, key: key).map { Array($0) } }
            #expect(stored == (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        }
    }
}
