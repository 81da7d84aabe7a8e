import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage
import Synchronization
import Testing

@Suite("LMDB event store")
struct LMDBEventStoreTests {
    @Test("events survive closing and reopening the store, and mdb_stat reads its files")
    func persistsAndIsOrdinaryLMDB() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path)
            try store.append([event("person/A"), event("person/B")])
        }
        let reopened = try LMDBEventStore(path: path)
        #expect(try reopened.events().map(\.stream.rawValue) == ["person/A", "person/B"])
        #expect(try reopened.verify(against: nil).isValid)
        let output = try run("/usr/bin/mdb_stat", ["-a", path])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Status of events"))
        #expect(output.stdout.contains("Entries: 2"))
    }

    @Test("store files are readable by their owner only")
    func ownerOnlyPermissions() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try LMDBEventStore.create(at: path)
        for file in ["data.mdb", "lock.mdb"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
        }
        let directory = try FileManager.default.attributesOfItem(atPath: path)
        #expect((directory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test("opening a missing store or a store of an unknown format fails clearly")
    func formatChecks() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        #expect(throws: EventStoreError.storeNotFound(path: path)) { try LMDBEventStore(path: path) }
        _ = try LMDBEventStore.create(at: path)
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                try txn.put(dbs["meta"]!, key: Array("format".utf8), value: Array("carelog-store/99".utf8))
            }
        }
        #expect(throws: EventStoreError.unsupportedFormat(found: "carelog-store/99", supported: "carelog-store/1")) {
            try LMDBEventStore(path: path)
        }
    }

    @Test("changing one byte of one stored event makes verify fail and name its sequence number")
    func tamperedByteIsFound() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path)
            for i in 0..<20 { try store.append([event("person/P\(i % 3)", payload: #"{"note":"visit \#(i)"}"#)]) }
        }
        try withRawEnvironment(path) { env, dbs in
            let key: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 13]
            try env.write { txn in
                var value = Array(try txn.get(dbs["events"]!, key: key)!)
                value[value.count - 40] ^= 0x01  // a payload byte, just before the hash
                try txn.put(dbs["events"]!, key: key, value: value)
            }
        }
        let report = try LMDBEventStore(path: path).verify(against: nil)
        #expect(!report.isValid)
        #expect(report.firstBadSequence == 13)
        #expect(report.problems.first?.kind == .chain)
    }

    @Test(
        "the chain check after a verified position re-hashes exactly the events after it, names a changed one, and refuses a position whose stored hash is not the one verified"
    )
    func chainCheckAfterAVerifiedPosition() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let verified: Checkpoint
        do {
            let store = try LMDBEventStore.create(at: path)
            for i in 0..<20 { try store.append([event("person/P\(i % 3)", payload: #"{"note":"visit \#(i)"}"#)]) }
            verified = try store.checkpoint(knownAt: .sequence(10))
            let sound = try store.checkChain(after: verified)
            #expect(sound.isValid)
            #expect(sound.eventsChecked == 10)
            #expect(sound.head == (try store.checkpoint()))
            let nothingNew = try store.checkChain(after: try store.checkpoint())
            #expect(nothingNew.isValid && nothingNew.eventsChecked == 0)
            var foreign = verified
            foreign.headHash = EventHash.sha256(of: [1, 2, 3])
            let refused = try store.checkChain(after: foreign)
            #expect(refused.problems.map(\.kind) == [.checkpoint])
            #expect(refused.eventsChecked == 0)
        }
        try withRawEnvironment(path) { env, dbs in
            let key: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 15]
            try env.write { txn in
                var value = Array(try txn.get(dbs["events"]!, key: key)!)
                value[value.count - 40] ^= 0x01  // a payload byte, just before the hash
                try txn.put(dbs["events"]!, key: key, value: value)
            }
        }
        let damaged = try LMDBEventStore(path: path).checkChain(after: verified)
        #expect(!damaged.isValid)
        #expect(damaged.problems.first?.kind == .chain)
        #expect(damaged.problems.first?.sequence == 15)
    }

    @Test(
        "verify of a log large enough to split across cores still names the damage and checks versions across the split"
    )
    func parallelVerifyNamesDamage() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path)
            for chunk in 0..<12 {
                try store.append(
                    (0..<5000).map { i in
                        event("person/P\((chunk * 5000 + i) % 7)", payload: #"{"n":\#(chunk * 5000 + i)}"#)
                    })
            }
            #expect(try store.verify(against: nil).isValid)
        }
        try withRawEnvironment(path) { env, dbs in
            let key = StoreLayoutKeyForTests.sequence(45_000)
            try env.write { txn in
                var value = Array(try txn.get(dbs["events"]!, key: key)!)
                value[value.count - 36] ^= 0x04
                try txn.put(dbs["events"]!, key: key, value: value)
            }
        }
        let report = try LMDBEventStore(path: path).verify(against: nil)
        #expect(report.eventsChecked == 60_000)
        #expect(report.firstBadSequence == 45_000)
        #expect(report.problems.map(\.kind) == [.chain])
        // Remove an event just after the split: the gap and the stream's version jump are both named.
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                try txn._deleteForTesting(dbs["events"]!, key: StoreLayoutKeyForTests.sequence(30_002))
            }
        }
        let gap = try LMDBEventStore(path: path).verify(against: nil)
        #expect(gap.firstBadSequence == 30_002)
        #expect(gap.problems.contains { $0.kind == .streamIndex })
    }

    @Test("an index entry pointing at another event is found and named")
    func misdirectedIndexEntryIsFound() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path, indexBatch: 1)
            for i in 0..<10 { try store.append([event("person/P\(i % 2)")]) }
        }
        try withRawEnvironment(path) { env, dbs in
            try env.write { txn in
                // stream 1 version 3 is sequence 5; point it at sequence 7
                try txn._deleteForTesting(
                    dbs["stream-index"]!, key: [0, 0, 0, 1], value: [0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 5])
                try txn.put(dbs["stream-index"]!, key: [0, 0, 0, 1], value: [0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7])
            }
        }
        let report = try LMDBEventStore(path: path).verify(against: nil)
        #expect(report.problems.map(\.kind).contains(.streamIndex))
        #expect(report.firstBadSequence == 5)
    }

    @Test("a new store maps room for gigabytes of log while its file holds only what was written")
    func aNewStoreMapsRoomNotDisk() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        var options = LMDBEventStore.Options()
        options.createIfMissing = true
        let store = try LMDBEventStore(path: path, options: options)
        try store.append([event("person/P1")])
        let size = try FileManager.default.attributesOfItem(atPath: path + "/data.mdb")[.size] as? Int
        #expect(store.mapSize >= 8 << 30)
        #expect((size ?? .max) < 1 << 20)
    }

    @Test("a store created with a tiny map accepts far more data than the map held")
    func mapGrowsOnDemand() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        var options = LMDBEventStore.Options()
        options.createIfMissing = true
        options.initialMapSize = 64 * 1024
        let store = try LMDBEventStore(path: path, options: options)
        let payload = "{\"note\":\"" + String(repeating: "x", count: 2000) + "\"}"
        for i in 0..<40 {
            try store.append((0..<25).map { j in event("person/P\((i * 25 + j) % 50)", payload: payload) })
        }
        #expect(try store.checkpoint().sequence == 1000)
        #expect(store.mapSize > 64 * 1024 * 16)
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("threads racing with expected versions on one stream: exactly one wins each version")
    func onlyOneWriterWinsEachVersion() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        let target = stream("complaint/C-1")
        let wins = Mutex(0)
        let conflicts = Mutex(0)
        onThreads(8) { thread in
            for _ in 0..<25 {
                let current = (try? store.currentVersion(of: target, knownAt: .head)) ?? 0
                let batch = AppendBatch(
                    events: [event("complaint/C-1", payload: #"{"t":\#(thread)}"#)],
                    expectedVersions: [target: .exactly(current)])
                switch Result(catching: { () throws(EventStoreError) in try store.append(batch) }) {
                case .success: wins.withLock { $0 += 1 }
                case .failure(.conflict): conflicts.withLock { $0 += 1 }
                case .failure: Issue.record("unexpected failure")
                }
            }
        }
        let stored = try store.events(.stream(target))
        #expect(stored.count == wins.withLock { $0 })
        #expect(wins.withLock { $0 } + conflicts.withLock { $0 } == 200)
        #expect(stored.map(\.streamVersion) == Array(1...UInt32(stored.count)))
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("concurrent appenders share commits and every acknowledged event is stored once, in one gap-free order")
    func groupCommitKeepsEveryAcknowledgement() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        let acknowledged = Mutex<[UInt64]>([])
        onThreads(16) { thread in
            for i in 0..<40 {
                if let result = try? store.append([event("person/T\(thread)", payload: #"{"i":\#(i)}"#)]) {
                    acknowledged.withLock { $0.append(result.positions[0].sequence) }
                }
            }
        }
        let sequences = acknowledged.withLock { $0 }.sorted()
        #expect(sequences == Array(1...640))
        for thread in 0..<16 {
            #expect(try store.events(.stream(stream("person/T\(thread)"))).map(\.streamVersion) == Array(1...40))
        }
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("a read-only store serves reads and refuses appends")
    func readOnlyStore() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        try LMDBEventStore.create(at: path).append([event("person/A")])
        var options = LMDBEventStore.Options()
        options.readOnly = true
        let store = try LMDBEventStore(path: path, options: options)
        #expect(try store.events().count == 1)
        #expect(throws: EventStoreError.readOnly) { try store.append([event("person/A")]) }
    }

    @Test("a truncated data file is refused at open instead of crashing")
    func truncatedFileIsRefused() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        do {
            let store = try LMDBEventStore.create(at: path)
            let payload = "{\"note\":\"" + String(repeating: "y", count: 3000) + "\"}"
            for i in 0..<200 { try store.append([event("person/P\(i % 7)", payload: payload)]) }
        }
        let file = path + "/data.mdb"
        let size = try (FileManager.default.attributesOfItem(atPath: file)[.size] as! NSNumber).intValue
        #expect(truncate(file, off_t(size / 2)) == 0)
        #expect {
            try LMDBEventStore(path: path)
        } throws: { error in
            guard case EventStoreError.corrupted(let detail) = error else { return false }
            return detail.contains("truncated")
        }
    }

    @Test("a backup of a live store is a compacted copy that verifies and reads the same")
    func backupVerifies() throws {
        let path = temporaryDirectory()
        let copy = path + "-backup"
        defer { cleanUp(path) }
        let store = try LMDBEventStore.create(at: path)
        for i in 0..<50 { try store.append([event("person/P\(i % 5)")]) }
        try store.backup(to: copy)
        let restored = try LMDBEventStore(path: copy)
        #expect(restored.storeID == store.storeID)
        #expect(try restored.verify(against: try store.checkpoint()).isValid)
        #expect(try restored.events() == (try store.events()))
        #expect(throws: EventStoreError.self) { try store.backup(to: copy) }
    }

    @Test("two processes appending at once produce one gap-free order with every event")
    func twoProcessesAppendAtOnce() throws {
        let directory = temporaryDirectory("work")
        defer { cleanUp(directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let storePath = directory + "/store"
        _ = try LMDBEventStore.create(at: storePath)
        let tool = try reliabilityTool()
        let writers = try (0..<2).map { w in
            let process = Process()
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = [
                "writer", "--store", storePath, "--writer-id", String(w), "--ack-file", directory + "/ack-\(w)",
                "--count", "300",
                "--mode", "single",
            ]
            try process.run()
            return process
        }
        for writer in writers {
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        let store = try LMDBEventStore(path: storePath)
        let all = try store.events()
        #expect(all.map(\.sequence) == Array(1...600))
        let byWriter = Dictionary(grouping: all) { $0.stream.rawValue.hasPrefix("probe/W0") }
        #expect(byWriter[true]?.count == 300)
        #expect(byWriter[false]?.count == 300)
        #expect(try store.verify(against: nil).isValid)
    }

    @Test("writers killed with SIGKILL at random moments lose and duplicate nothing acknowledged")
    func killedWritersLoseNothing() throws {
        let output = try run(
            try reliabilityTool(),
            ["kill-rounds", "--rounds", "8", "--writers", "2", "--threads", "2", "--max-delay", "400"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("8 rounds"))
        #expect(output.stdout.contains(" 0 lost, 0 duplicated"))
        #expect(!output.stdout.contains(" 0 acknowledged"))
    }
}

/// Opens a store's files directly through the LMDB wrapper, to simulate damage.
func withRawEnvironment(_ path: String, _ body: (Environment, [String: Database]) throws -> Void) throws {
    let env = try Environment(path: path)
    let names = ["meta", "events", "streams", "stream-index", "types", "type-index", "idempotency"]
    let dbs = try env.openDatabases(
        named: names, options: ["stream-index": .fixedSizeDuplicates, "type-index": .fixedSizeDuplicates], create: false
    )
    try body(env, Dictionary(uniqueKeysWithValues: zip(names, dbs)))
}

/// Flips one byte of the stored event at `sequence` (a payload byte before the chain hash), as
/// an edit of the store's file behind Carelog's back would.
func corruptEvent(_ path: String, _ sequence: UInt64) throws {
    try withRawEnvironment(path) { env, dbs in
        let key = withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
        try env.write { txn in
            let events = try #require(dbs["events"])
            var value = Array(try #require(try txn.get(events, key: key)))
            value[value.count - 34] ^= 0x01
            try txn.put(events, key: key, value: value)
        }
    }
}

/// The `carelog-reliability` tool built beside the tests.
func reliabilityTool() throws -> String {
    if let override = ProcessInfo.processInfo.environment["CARELOG_RELIABILITY_BIN"] { return override }
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent("carelog-reliability").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "carelog-reliability"])
}

/// Runs a program to completion and captures its standard output.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

enum StoreLayoutKeyForTests {
    static func sequence(_ s: UInt64) -> [UInt8] { withUnsafeBytes(of: s.bigEndian) { Array($0) } }
}
