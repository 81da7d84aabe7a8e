import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage

/// Tamper and damage: for each kind of damage, make a fresh store, damage it through LMDB
/// directly (or the file system), and check that verify fails naming what and where — and
/// that nothing crashes.
struct Tamper: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Damage stores in each known way and check verify names the damage.")

    @Option(help: "Events in each damaged store.") var events = 2000
    @Option(help: "Working directory (a fresh temporary one by default).") var workDir: String?

    /// One kind of damage: what it does, and what verify must say.
    struct Case {
        var name: String
        var target: UInt64
        var damage: (String, UInt64) throws -> Void
        var expectedKind: String
    }

    func run() throws {
        let dir = workDir ?? NSTemporaryDirectory() + "carelog-tamper-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workDir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let middle = UInt64(events / 2)
        let cases: [Case] = [
            Case(
                name: "changed byte in a payload", target: middle,
                damage: { path, seq in
                    try rewrite(path, \.events, StoreLayoutKey.sequence(seq)) { value in
                        value[value.count - 40] ^= 0x20
                    }
                }, expectedKind: "chain"),
            Case(
                name: "event removed", target: middle,
                damage: { path, seq in
                    try damage(path) { txn, dbs in
                        try txn._deleteForTesting(dbs.events, key: StoreLayoutKey.sequence(seq))
                    }
                }, expectedKind: "sequence"),
            Case(
                name: "two events swapped", target: middle,
                damage: { path, seq in
                    try damage(path) { txn, dbs in
                        let db = dbs.events
                        let a = try value(txn, db, StoreLayoutKey.sequence(seq))
                        let b = try value(txn, db, StoreLayoutKey.sequence(seq + 1))
                        try txn.put(db, key: StoreLayoutKey.sequence(seq), value: b)
                        try txn.put(db, key: StoreLayoutKey.sequence(seq + 1), value: a)
                    }
                }, expectedKind: "chain"),
            Case(
                name: "index entry pointing elsewhere", target: 0,
                damage: { path, _ in
                    try damage(path) { txn, dbs in
                        // stream 1 (probe/W0-0), version 2 is sequence 17: point it at sequence 3
                        let index = dbs.streamIndex
                        try txn._deleteForTesting(
                            index, key: [0, 0, 0, 1], value: [0, 0, 0, 2] + StoreLayoutKey.sequence(17))
                        try txn.put(index, key: [0, 0, 0, 1], value: [0, 0, 0, 2] + StoreLayoutKey.sequence(3))
                    }
                }, expectedKind: "streamIndex"),
            Case(
                name: "type index entry removed", target: middle,
                damage: { path, seq in
                    try damage(path) { txn, dbs in
                        try txn._deleteForTesting(
                            dbs.typeIndex, key: [0, 0, 0, 1], value: StoreLayoutKey.sequence(seq))
                    }
                }, expectedKind: "typeIndex"),
            Case(
                name: "index entry for an event not yet indexed", target: UInt64(events + Self.tailEvents),
                damage: { path, seq in
                    try damage(path) { txn, dbs in
                        try txn.put(
                            dbs.typeIndex, key: [0, 0, 0, 1], value: StoreLayoutKey.sequence(seq),
                            options: .appendDuplicate)
                    }
                }, expectedKind: "typeIndex"),
            Case(
                name: "index watermark moved past the end of the log", target: 0,
                damage: { path, _ in
                    try damage(path) { txn, dbs in
                        try txn.put(
                            dbs.meta, key: Array("indexedThrough".utf8),
                            value: StoreLayoutKey.sequence(UInt64(events + 1000)))
                    }
                }, expectedKind: "streamIndex"),
            Case(
                name: "truncated data file", target: 0,
                damage: { path, _ in
                    let file = path + "/data.mdb"
                    guard
                        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?
                            .intValue
                    else {
                        throw ValidationError("cannot read the size of data.mdb")
                    }
                    guard truncate(file, off_t(size / 3)) == 0 else { throw ValidationError("truncate failed") }
                }, expectedKind: "open"),
        ]
        var failures = 0
        print("damage | verify result")
        print("--- | ---")
        for (i, c) in cases.enumerated() {
            let path = dir + "/case-\(i)"
            try makeStore(path)
            try c.damage(path, c.target)
            let outcome: String
            var passed = false
            do {
                let report = try LMDBEventStore(path: path).verify(against: nil)
                outcome = report.problems.first.map { "\($0)" } ?? "no problem found"
                let kinds = Set(report.problems.map(\.kind.rawValue))
                passed =
                    kinds.contains(c.expectedKind)
                    && (c.target == 0 || report.firstBadSequence.map { $0 <= c.target + 1 && $0 >= c.target } == true)
            } catch {
                outcome = "refused at open: \(error)"
                passed = c.expectedKind == "open"
            }
            if !passed { failures += 1 }
            print("\(c.name) | \(passed ? "detected" : "NOT DETECTED"): \(outcome)")
        }
        // A checkpoint from a different store.
        let a = dir + "/checkpoint-a"
        let b = dir + "/checkpoint-b"
        try makeStore(a)
        try makeStore(b)
        let foreign = try LMDBEventStore(path: b).checkpoint()
        let report = try LMDBEventStore(path: a).verify(against: foreign)
        let detected = report.problems.contains { $0.kind == .checkpoint }
        if !detected { failures += 1 }
        print(
            "checkpoint from a different store | \(detected ? "detected" : "NOT DETECTED"): \(report.problems.first.map { "\($0)" } ?? "no problem found")"
        )
        print("tamper: \(cases.count + 1) kinds of damage, \(cases.count + 1 - failures) detected, \(failures) missed")
        if failures > 0 { throw ExitCode(1) }
    }

    /// Single appends after the batches, left in the unindexed tail.
    static let tailEvents = 10

    /// A store whose indexes catch up every 100 events, so the damage cases find index entries
    /// to damage even in small runs, ending with a few events the indexes do not cover yet.
    private func makeStore(_ path: String) throws {
        let store = try LMDBEventStore.create(at: path, indexBatch: 100)
        var i = 0
        while i < events {
            let n = min(500, events - i)
            _ = try store.append(
                AppendBatch(events: (i..<(i + n)).map { try Probe.event(writer: 0, thread: 0, n: $0) }))
            i += n
        }
        for n in events..<(events + Self.tailEvents) {
            _ = try store.append(AppendBatch(events: [try Probe.event(writer: 0, thread: 0, n: n)]))
        }
    }
}

/// Keys of the store's named databases (see Docs/storage.md), for damage simulation.
enum StoreLayoutKey {
    static func sequence(_ s: UInt64) -> [UInt8] { withUnsafeBytes(of: s.bigEndian) { Array($0) } }
}

/// The named databases of a store that the damage cases touch.
struct RawDatabases {
    var meta: Database
    var events: Database
    var streamIndex: Database
    var typeIndex: Database
}

/// Opens a store's LMDB environment directly.
func raw(_ path: String, _ body: (Environment, RawDatabases) throws -> Void) throws {
    let env = try Environment(path: path)
    let names = ["meta", "events", "stream-index", "type-index"]
    let dbs = try env.openDatabases(
        named: names, options: ["stream-index": .fixedSizeDuplicates, "type-index": .fixedSizeDuplicates], create: false
    )
    try body(env, RawDatabases(meta: dbs[0], events: dbs[1], streamIndex: dbs[2], typeIndex: dbs[3]))
}

/// Opens a store's LMDB environment directly and damages it in one write transaction.
func damage(_ path: String, _ body: (borrowing Transaction, RawDatabases) throws -> Void) throws {
    try raw(path) { env, dbs in try env.write { txn in try body(txn, dbs) } }
}

/// A copy of the value under `key`; a ValidationError when there is none.
func value(_ txn: borrowing Transaction, _ db: Database, _ key: [UInt8]) throws -> [UInt8] {
    guard let stored = try txn.get(db, key: key) else { throw ValidationError("no value to damage in \(db.name)") }
    return Array(stored)
}

/// Rewrites one value in place.
func rewrite(
    _ path: String, _ database: KeyPath<RawDatabases, Database>, _ key: [UInt8], _ change: (inout [UInt8]) -> Void
) throws {
    try damage(path) { txn, dbs in
        var stored = try value(txn, dbs[keyPath: database], key)
        change(&stored)
        try txn.put(dbs[keyPath: database], key: key, value: stored)
    }
}
