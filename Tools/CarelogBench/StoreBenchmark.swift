import ArgumentParser
import Dispatch
import EventLog
import Foundation
import LMDBEventLog
import Synchronization
import TransparencyLog

/// Store-level figures on the standard workload, appended as generic events below domain
/// validation: durable single appends, concurrent appends (group commit), bulk import,
/// replay, type-index reads, verify, and bytes on disk per event; with `tree`, the same single
/// appends and bulk import with the Merkle tree caught up over them (as the next signed
/// checkpoint does), and the tree check of `carelog verify`; with `tree-following`, the bulk
/// import with the tree extended on another thread after each commit, timed until both are done.
struct StoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Store figures on the standard workload.")

    @Option(help: "Standard workload NDJSON (from gen_workload.py).") var workload: String
    @Option(help: "Events to import (default: the whole file).") var events: Int?
    @Option(help: "Events per append in the bulk import.") var batch = 1000
    @Option(help: "Single-event durable appends to time.") var singles = 2000
    @Option(help: "Concurrent callers.") var callers = 32
    @Option(help: "Appends per concurrent caller.") var perCaller = 200
    @Option(name: .customLong("repeat"), help: "Repetitions of each measure.") var repetitions = 3
    @Option(help: "Scratch directory on the disk under test.") var scratch = NSTemporaryDirectory() + "carelog-bench"
    @Option(
        help:
            "Measures to run (comma separated): single,concurrent,import,replay,replay-borrowed,types,verify,tree,tree-following."
    )
    var only = "single,concurrent,import,replay,replay-borrowed,types,verify"
    @Option(
        help:
            "Leaf version of the tree measures: 1, or 2 (also the pseudonym slot fields, Docs/proofs.md §11)."
    )
    var leafVersion = 1

    func run() throws {
        let wanted = Set(only.split(separator: ",").map(String.init))
        let workload = try StandardWorkload.load(self.workload, limit: events)
        print("# workload: \(workload.events.count) events, mean line \(format(workload.meanLineBytes)) bytes")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var results: [Measurement] = []
        let saltKey = FieldSaltKey.generate()
        guard leafVersion == 1 || leafVersion == 2 else { throw ValidationError("--leaf-version is 1 or 2") }
        let pseudonymRoot = leafVersion == 2 ? PseudonymRootKey.generate() : nil
        let tree = wanted.contains("tree")
        if tree { print("# leaf version \(leafVersion)") }

        if wanted.contains("single") {
            var m = Measurement(name: "append.single.durable", unit: "ev/s", samples: [])
            var withTree = Measurement(name: "append.single.durable+tree", unit: "ev/s", samples: [])
            for _ in 0..<repetitions {
                let store = try freshStore("single")
                let slice = workload.events.prefix(singles)
                let t = try seconds { for e in slice { _ = try store.append(AppendBatch(events: [e])) } }
                m.samples.append(Double(slice.count) / t)
                if tree {
                    let extend = try seconds { try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) }
                    withTree.samples.append(Double(slice.count) / (t + extend))
                }
            }
            results.append(m)
            if tree { results.append(withTree) }
        }
        if wanted.contains("concurrent") {
            var m = Measurement(name: "append.concurrent\(callers).durable", unit: "ev/s", samples: [])
            for _ in 0..<repetitions {
                let store = try freshStore("concurrent")
                let failures = Mutex(0)
                let events = workload.events
                let (callers, perCaller) = (self.callers, self.perCaller)
                let t = seconds {
                    onThreads(callers) { caller in
                        for i in 0..<perCaller {
                            let e = events[(caller * perCaller + i) % events.count]
                            if (try? store.append(AppendBatch(events: [e]))) == nil { failures.withLock { $0 += 1 } }
                        }
                    }
                }
                precondition(failures.withLock { $0 } == 0, "appends failed")
                m.samples.append(Double(callers * perCaller) / t)
            }
            results.append(m)
        }
        var importedPath: String?
        if wanted.contains("import") || wanted.contains("replay") || wanted.contains("replay-borrowed")
            || wanted.contains("types")
            || wanted.contains("verify") || tree
        {
            var m = Measurement(name: "import.bulk.batch\(batch)", unit: "ev/s", samples: [])
            var bytesPerEvent = Measurement(name: "disk.bytes-per-event", unit: "B/ev", samples: [])
            var withTree = Measurement(name: "import.bulk.batch\(batch)+tree", unit: "ev/s", samples: [])
            for _ in 0..<(wanted.contains("import") ? repetitions : 1) {
                let path = scratch + "/import-\(UUID().uuidString)"
                let store = try LMDBEventStore.create(at: path)
                // The batches are prepared before timing, as the reference programs read their
                // input into memory before timing; only the appends are timed.
                let batches = stride(from: 0, to: workload.events.count, by: batch).map { i in
                    AppendBatch(events: Array(workload.events[i..<min(i + batch, workload.events.count)]))
                }
                let t = try seconds {
                    for prepared in batches { _ = try store.append(prepared) }
                }
                m.samples.append(Double(workload.events.count) / t)
                if tree {
                    let extend = try seconds { try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) }
                    withTree.samples.append(Double(workload.events.count) / (t + extend))
                }
                bytesPerEvent.samples.append(Double(compactedSize(store, path)) / Double(workload.events.count))
                if let previous = importedPath { try? FileManager.default.removeItem(atPath: previous) }
                importedPath = path
            }
            if wanted.contains("import") {
                results.append(m)
                results.append(bytesPerEvent)
                results.append(Measurement(name: "disk.ndjson-line", unit: "B/ev", samples: [workload.meanLineBytes]))
            }
            if tree { results.append(withTree) }
        }
        if wanted.contains("tree-following") {
            results.append(try importWithTreeFollowing(workload, saltKey: saltKey, pseudonymRoot: pseudonymRoot))
        }
        if let path = importedPath {
            let store = try LMDBEventStore(path: path)
            let total = Double(workload.events.count)
            if wanted.contains("replay") {
                var m = Measurement(name: "replay.all", unit: "ev/s", samples: [])
                for _ in 0..<repetitions {
                    var count = 0
                    let t = try seconds { try store.read(EventSelection()) { _ in count += 1 } }
                    m.samples.append(Double(count) / t)
                }
                results.append(m)
            }
            if wanted.contains("replay-borrowed") {
                // The same replay reading each event in place (its fixed fields decoded, its
                // strings and payload borrowed from LMDB's pages) instead of copying out an envelope.
                var m = Measurement(name: "replay.borrowed", unit: "ev/s", samples: [])
                for _ in 0..<repetitions {
                    var count = 0
                    var bytes = 0
                    let t = try seconds {
                        try store.readBorrowed(
                            EventSelection(),
                            { event in
                                count += 1
                                bytes &+= event.payload.count &+ event.stream.count &+ event.type.count
                            }, end: { _ in })
                    }
                    precondition(count == workload.events.count && bytes > 0, "the borrowed replay missed events")
                    m.samples.append(Double(count) / t)
                }
                results.append(m)
            }
            if wanted.contains("types") {
                var m = Measurement(
                    name: "read.type-index(ReviewHeld+ComplaintReceived)", unit: "log-ev/s", samples: [])
                for _ in 0..<repetitions {
                    let t = try seconds { try store.read(.types(["ReviewHeld", "ComplaintReceived"])) { _ in } }
                    m.samples.append(total / t)
                }
                results.append(m)
            }
            if wanted.contains("verify") {
                var m = Measurement(name: "verify", unit: "ev/s", samples: [])
                for _ in 0..<repetitions {
                    var report: VerificationReport?
                    let t = try seconds { report = try store.verify(against: nil) }
                    precondition(report?.isValid == true)
                    m.samples.append(total / t)
                }
                results.append(m)
            }
            if tree {
                // `carelog verify`'s tree check: every leaf recomputed from its event, every node compared.
                var m = Measurement(name: "tree.check", unit: "ev/s", samples: [])
                if try store.treeSize() == 0 { try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot) }
                for _ in 0..<repetitions {
                    var mismatch: UInt64?
                    let t = try seconds {
                        mismatch = try store.firstTreeMismatch(saltKey: saltKey, pseudonymRoot: pseudonymRoot)
                    }
                    precondition(mismatch == nil, "the tree does not match its events")
                    m.samples.append(total / t)
                }
                results.append(m)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        for r in results { print(r.line) }
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// The bulk import in batches of `batch` while another thread extends the tree after each
    /// commit (`extendTree` hashes outside its write transaction, so it does not hold up the
    /// appends): events per second from the first append until the tree covers the last event.
    func importWithTreeFollowing(
        _ workload: StandardWorkload, saltKey: FieldSaltKey, pseudonymRoot: PseudonymRootKey?
    ) throws -> Measurement {
        var m = Measurement(name: "import.bulk.batch\(batch)+tree-following", unit: "ev/s", samples: [])
        let total = UInt64(workload.events.count)
        for _ in 0..<repetitions {
            let path = scratch + "/following-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let store = try LMDBEventStore.create(at: path)
            let batches = stride(from: 0, to: workload.events.count, by: batch).map { i in
                AppendBatch(events: Array(workload.events[i..<min(i + batch, workload.events.count)]))
            }
            let imported = Atomic(false)
            let failure = Mutex<(any Error)?>(nil)
            let follower = DispatchGroup()
            let t = try seconds {
                DispatchQueue.global().async(group: follower) {
                    do {
                        while true {
                            let finished = imported.load(ordering: .acquiring)
                            let size = try store.extendTree(saltKey: saltKey, pseudonymRoot: pseudonymRoot)
                            if finished && size == total { return }
                            if !finished { usleep(100) }
                        }
                    } catch {
                        failure.withLock { $0 = error }
                    }
                }
                for prepared in batches { _ = try store.append(prepared) }
                imported.store(true, ordering: .releasing)
                follower.wait()
            }
            if let error = failure.withLock({ $0 }) { throw error }
            let covered = try store.treeSize()
            precondition(covered == total, "the tree did not catch up")
            m.samples.append(Double(total) / t)
        }
        return m
    }

    private func freshStore(_ name: String) throws -> LMDBEventStore {
        let path = scratch + "/\(name)-\(UUID().uuidString)"
        return try LMDBEventStore.create(at: path)
    }

    /// Size of a compacted copy: pages in use, as `mdb_stat` counts them.
    private func compactedSize(_ store: LMDBEventStore, _ path: String) -> Int {
        let copy = path + "-compact"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        guard (try? store.backup(to: copy)) != nil else { return usedBytes(ofStoreAt: path) }
        return usedBytes(ofStoreAt: copy)
    }
}
