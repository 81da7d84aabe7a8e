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

    @Test("a cursor's last value of a key is the greatest of its values, and nil for a key the database lacks")
    func lastDuplicateValueOfKey() throws {
        try withEnvironment { env in
            let db = try packed(env)
            try env.write { txn in
                try txn.putDuplicates(db, key: [0, 0, 0, 1], values: be(4) + be(8) + be(9), valueSize: 8)
                try txn.putDuplicates(db, key: [0, 0, 0, 3], values: be(2), valueSize: 8)
            }
            let found: [[UInt8]?] = try env.read { txn in
                try txn.withCursor(db) { cursor in
                    try [[0, 0, 0, 1], [0, 0, 0, 2], [0, 0, 0, 3], [0, 0, 0, 4], [0, 0, 0, 0]].map { (key: [UInt8]) in
                        try key.withUnsafeBytes { try cursor.lastDuplicateValue(ofKey: $0).map { Array($0) } }
                    }
                }
            }
            #expect(found == [be(9), nil, be(2), nil, nil])
        }
    }

    @Test("packed values put through one cursor under several keys read back as the transaction's put does")
    func cursorPutDuplicatesMatchesTransaction() throws {
        try withEnvironment { env in
            let db = try packed(env)
            try env.write { txn in try txn.put(db, key: [0, 0, 0, 2], value: be(1)) }
            try env.write { txn in
                try txn.withCursor(db) { cursor in
                    for key: UInt32 in [1, 2, 5] {
                        let values = (UInt64(key) * 10..<UInt64(key) * 10 + 300).flatMap { be($0) }
                        try withUnsafeBytes(of: key.bigEndian) { k in
                            try values.withUnsafeBytes { v in
                                try cursor.putDuplicates(key: k, values: v, valueSize: 8, options: .appendDuplicate)
                            }
                        }
                    }
                }
            }
            #expect(try values(of: [0, 0, 0, 1], db, env) == Array(10..<310))
            #expect(try values(of: [0, 0, 0, 2], db, env) == [1] + Array(20..<320))
            #expect(try values(of: [0, 0, 0, 5], db, env) == Array(50..<350))
            #expect(throws: LMDBError.self) {
                try env.write { txn in
                    try txn.withCursor(db) { cursor in
                        try withUnsafeBytes(of: UInt32(5).bigEndian) { k in
                            try (be(400) + be(60)).withUnsafeBytes { v in
                                try cursor.putDuplicates(key: k, values: v, valueSize: 8, options: .appendDuplicate)
                            }
                        }
                    }
                }
            }
            #expect(try values(of: [0, 0, 0, 5], db, env) == Array(50..<350))
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

    @Test("cursor seeks land on the nearest key at or after, and at or before, and return nil past either end")
    func cursorSeeks() throws {
        try withEnvironment { env in
            let db = try env.openDatabases(named: ["plain"], create: true)[0]
            try env.write { txn in
                for k: UInt64 in [10, 20, 30] { try txn.put(db, key: be(k), value: be(k * 100)) }
            }
            try env.read { (txn) throws in
                try txn.withCursor(db) { (cursor) throws in
                    #expect(try cursor.seek(atOrAfter: be(15)).map { Array($0.key) } == be(20))
                    #expect(try cursor.seek(atOrAfter: be(20)).map { Array($0.value) } == be(2000))
                    #expect(try cursor.seek(atOrAfter: be(31)) == nil)
                    #expect(try cursor.seek(atOrBefore: be(25)).map { Array($0.key) } == be(20))
                    #expect(try cursor.seek(atOrBefore: be(30)).map { Array($0.key) } == be(30))
                    #expect(try cursor.seek(atOrBefore: be(99)).map { Array($0.key) } == be(30))
                    #expect(try cursor.seek(atOrBefore: be(5)) == nil)
                    #expect(try cursor.first().map { Array($0.key) } == be(10))
                    #expect(try cursor.previous() == nil)
                    #expect(try cursor.last().map { Array($0.key) } == be(30))
                    #expect(try cursor.next() == nil)
                }
            }
        }
    }

    @Test("the test hook deletes a key, or one value of a sorted-duplicates key, and nothing else")
    func deleteForTesting() throws {
        try withEnvironment { env in
            let plain = try env.openDatabases(named: ["plain"], create: true)[0]
            let db = try packed(env)
            try env.write { txn in
                try txn.put(plain, key: be(1), value: be(1))
                try txn.put(plain, key: be(2), value: be(2))
                try txn.putDuplicates(db, key: [0, 0, 0, 1], values: be(1) + be(2) + be(3), valueSize: 8)
            }
            try env.write { txn in
                try txn._deleteForTesting(plain, key: be(1))
                try txn._deleteForTesting(db, key: [0, 0, 0, 1], value: be(2))
            }
            try env.read { (txn) throws in
                #expect(try txn.get(plain, key: be(1)) == nil)
                #expect(try txn.get(plain, key: be(2)).map { Array($0) } == be(2))
                #expect(try txn.count(plain) == 1)
            }
            #expect(try values(of: [0, 0, 0, 1], db, env) == [1, 3])
        }
    }
}
