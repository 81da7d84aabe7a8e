import CarelogCLI
import CarelogOperations
import EventLog
import Foundation
import LMDBEventLog
import LMDBStorage
import Testing
import TransparencyLog

/// `carelog checkpoint --sign` checks what is new since the last signature; `--full` (and a
/// signature without a usable saved position) checks the whole log (`Docs/proofs.md` §9).
@Suite("Signing checks what is new since the last signature")
struct IncrementalSigningTests {
    /// A store of the fixture's five events, signed once (tree size 5), then given event 6.
    func signedStore(_ cli: CLIHarness) throws -> String {
        let store = cli.path("store")
        try #require(cli.run(["init", "--store", store]).exitCode == 0)
        let lines = Fixture.ndjson([Fixture.serviceStarted] + Fixture.importLines)
        try #require(cli.run(["import", "--store", store, cli.write("events.ndjson", lines)]).exitCode == 0)
        try #require(sign(cli, store, "a.checkpoint").exitCode == 0)
        try #require(appendVisit(cli, store) == 0)
        return store
    }

    func sign(_ cli: CLIHarness, _ store: String, _ name: String, full: Bool = false) -> CLIHarness.Run {
        cli.run(["checkpoint", "--store", store, "--sign", "--output", cli.path(name)] + (full ? ["--full"] : []))
    }

    func appendVisit(_ cli: CLIHarness, _ store: String, _ line: String = Fixture.visit2Scheduled) -> Int32 {
        let file = cli.write("more-\(UUID().uuidString).ndjson", Fixture.ndjson([line]))
        return cli.run(["import", "--store", store, file]).exitCode
    }

    func signedSize(_ cli: CLIHarness, _ name: String) throws -> UInt64 {
        let note = try SignedNote(parsing: try String(contentsOfFile: cli.path(name), encoding: .utf8))
        return try TransparencyLog.Checkpoint(text: note.text).size
    }

    @Test("the second signature checks only the new events, saves the position 0600 and signs the tree")
    func signsWhatIsNew() throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        let run = sign(cli, store, "b.checkpoint")
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("checking the whole log"))
        #expect(try signedSize(cli, "b.checkpoint") == 6)
        let position = try String(contentsOfFile: SigningPosition.path(store: store), encoding: .utf8)
        #expect(position.hasPrefix("carelog verified position v1\n"))
        #expect(position.contains("signed 6 ") && position.contains("verified 6 "))
        let mode =
            try FileManager.default.attributesOfItem(atPath: SigningPosition.path(store: store))[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("an event after the last signature edited in the store is refused by the incremental signature")
    func editAfterTheSignatureIsRefused() throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        try editEvent(store, 6, "P001", "P002", rechain: false)
        let refused = sign(cli, store, "b.checkpoint")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("the log after sequence 5"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the first at sequence 6"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("b.checkpoint")))
    }

    @Test("a chain break exactly at the boundary is caught: the hash at the signed size, or the first new link")
    func chainBreakAtTheBoundaryIsCaught() throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        // The hash stored at sequence 5 (the last signed size) is no longer the one verified there.
        try flipStoredHash(store, 5)
        let atSigned = sign(cli, store, "b.checkpoint")
        #expect(atSigned.exitCode == 1)
        #expect(atSigned.stderr.contains("the first at sequence 5"), "\(atSigned.stderr)")
        try flipStoredHash(store, 5)  // restored
        #expect(sign(cli, store, "b.checkpoint").exitCode == 0)
        // The first new event's link: its stored hash no longer follows from the hash at 6.
        #expect(appendVisit(cli, store, Fixture.visit2CheckedIn) == 0)
        try flipStoredHash(store, 7)
        let firstNew = sign(cli, store, "c.checkpoint")
        #expect(firstNew.exitCode == 1)
        #expect(firstNew.stderr.contains("the log after sequence 6"), "\(firstNew.stderr)")
        #expect(firstNew.stderr.contains("the first at sequence 7"), "\(firstNew.stderr)")
    }

    @Test(
        "an event edited before the signed size is not re-checked incrementally; verify, --full and its proof name it")
    func editBeforeTheSignatureIsNamedElsewhere() throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        try editEvent(store, 3, "P001", "P002", rechain: false)
        let incremental = sign(cli, store, "b.checkpoint")
        #expect(incremental.exitCode == 0, "\(incremental.stderr)")
        #expect(try signedSize(cli, "b.checkpoint") == 6)

        let verify = cli.run(["verify", "--store", store])
        #expect(verify.exitCode == 1)
        #expect((verify.stdout + verify.stderr).contains("sequence 3"), "\(verify.stdout)\(verify.stderr)")
        let full = sign(cli, store, "c.checkpoint", full: true)
        #expect(full.exitCode == 1)
        #expect(full.stderr.contains("the log does not verify"), "\(full.stderr)")
        #expect(full.stderr.contains("the first at sequence 3"), "\(full.stderr)")

        // The signed root still commits to the original leaf: the edited event's leaf fails its proof.
        let path = cli.run(["proof", "inclusion", "--store", store, "--sequence", "3", "--size", "6"])
        #expect(path.exitCode == 0)
        let proof = path.stdout.split(separator: "\n").compactMap { MerkleHash(hex: String($0)) }
        let note = try SignedNote(parsing: try String(contentsOfFile: cli.path("b.checkpoint"), encoding: .utf8))
        let root = try TransparencyLog.Checkpoint(text: note.text).rootHash
        let saltHex = try String(contentsOfFile: store + "/keys/field-salt.key", encoding: .utf8)
        let saltKey = try FieldSaltKey(bytes: try #require(HexText.decode(Array(saltHex.utf8.prefix(64)))))
        let opened = try LMDBEventStore(path: store)
        var selection = EventSelection()
        selection.fromSequence = 3
        selection.limit = 1
        let event = try #require(try opened.events(selection).first)
        let pseudonymRoot = try LogKeyFiles.loadPseudonymRoot(store: store)
        let leaf = try opened.leaf(of: event, saltKey: saltKey, pseudonymRoot: pseudonymRoot).leaf
        #expect(throws: MerkleTreeError.self) {
            try MerkleTree.verifyInclusion(leafHash: leaf.leafHash, index: 2, size: 6, proof: proof, rootHash: root)
        }
    }

    @Test("an edit before the signed size with the chain redone changes the hash at the boundary: refused")
    func rechainedEditBeforeTheSignatureIsRefused() throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        try editEvent(store, 3, "P001", "P002", rechain: true)
        let refused = sign(cli, store, "b.checkpoint")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("the first at sequence 5"), "\(refused.stderr)")
        let full = sign(cli, store, "b.checkpoint", full: true)
        #expect(full.exitCode == 1)
        #expect(full.stderr.contains("event 3 no longer matches its leaf"), "\(full.stderr)")
    }

    @Test(
        "a missing, damaged, forged or stale saved position falls back to the whole-log check",
        arguments: ["missing", "damaged", "forged", "stale"])
    func unusablePositionFallsBackToTheFullCheck(_ damage: String) throws {
        let cli = CLIHarness()
        let store = try signedStore(cli)
        let file = SigningPosition.path(store: store)
        let first = try String(contentsOfFile: file, encoding: .utf8)
        #expect(sign(cli, store, "b.checkpoint").exitCode == 0)
        // An edit the incremental check would not look at again: only the whole check finds it.
        try editEvent(store, 3, "P001", "P002", rechain: false)
        let reason: String
        switch damage {
        case "missing":
            try FileManager.default.removeItem(atPath: file)
            reason = "no verified position is saved"
        case "damaged":
            try writePrivate(file, "carelog verified position v1\nstore x\n")
            reason = "damaged"
        case "forged":
            // Whoever can write the store but lacks the key moves the verified position on.
            let saved = try String(contentsOfFile: file, encoding: .utf8)
            let lines = saved.split(separator: "\n").map(String.init)
            let forged = lines.map {
                $0.hasPrefix("verified ") ? "verified 6 " + String(repeating: "0", count: 64) : $0
            }
            try writePrivate(file, forged.joined(separator: "\n") + "\n")
            reason = "not authenticated by the log's key"
        default:
            try writePrivate(file, first)
            reason = "not that of the last signed checkpoint"
        }
        let refused = sign(cli, store, "c.checkpoint")
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains(reason), "\(refused.stderr)")
        #expect(refused.stderr.contains("checking the whole log"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the first at sequence 3"), "\(refused.stderr)")
    }

    @Test("--full goes with --sign only")
    func fullNeedsSign() {
        let cli = CLIHarness()
        #expect(cli.run(["checkpoint", "--store", cli.path("store"), "--full"]).exitCode == 64)
    }

    // MARK: Editing the store behind Carelog's back

    func writePrivate(_ file: String, _ text: String) throws {
        try? FileManager.default.removeItem(atPath: file)
        #expect(
            FileManager.default.createFile(
                atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    }

    /// Runs `body` on the store's events database in a write transaction of its own.
    func withEvents(_ store: String, _ body: (borrowing Transaction, Database) throws -> Void) throws {
        let env = try Environment(path: store)
        let names = ["meta", "events", "streams", "stream-index", "types", "type-index", "idempotency"]
        let dbs = try env.openDatabases(
            named: names, options: ["stream-index": .fixedSizeDuplicates, "type-index": .fixedSizeDuplicates],
            create: false)
        try env.write { txn in try body(txn, dbs[1]) }
    }

    /// Replaces `old` by `new` (same length) in the stored bytes of event `sequence`; with
    /// `rechain`, recomputes its chain hash and every later one, as a careful forger would.
    func editEvent(_ store: String, _ sequence: UInt64, _ old: String, _ new: String, rechain: Bool) throws {
        try withEvents(store) { txn, events in
            var value = Array(try #require(try txn.get(events, key: Self.key(sequence))))
            var canonical = Array(value.dropLast(32))
            let needle = Array(old.utf8)
            let at = try #require(
                (0...(canonical.count - needle.count)).first { Array(canonical[$0..<($0 + needle.count)]) == needle })
            canonical.replaceSubrange(at..<(at + needle.count), with: Array(new.utf8))
            value = canonical + value.suffix(32)
            try txn.put(events, key: Self.key(sequence), value: value)
            guard rechain else { return }
            var previous = EventHash.genesis
            if sequence > 1 {
                let before = try #require(try txn.get(events, key: Self.key(sequence - 1)))
                previous = try #require(EventHash(bytes: Array(before.suffix(32))))
            }
            var next = sequence
            while let stored = try txn.get(events, key: Self.key(next)) {
                let bytes = Array(stored.dropLast(32))
                let hash = EventHash.chained(previous: previous, canonical: bytes)
                try txn.put(events, key: Self.key(next), value: bytes + hash.bytes)
                previous = hash
                next += 1
            }
        }
    }

    /// Flips one bit of the chain hash stored with event `sequence`.
    func flipStoredHash(_ store: String, _ sequence: UInt64) throws {
        try withEvents(store) { txn, events in
            var value = Array(try #require(try txn.get(events, key: Self.key(sequence))))
            value[value.count - 1] ^= 0x01
            try txn.put(events, key: Self.key(sequence), value: value)
        }
    }

    static func key(_ sequence: UInt64) -> [UInt8] { withUnsafeBytes(of: sequence.bigEndian) { Array($0) } }
}
