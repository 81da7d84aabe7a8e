import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog

/// A child process that appends probe events as fast as it can and logs each acknowledged
/// append to a file *after* the append returns, so a kill can never log an append that did
/// not commit. Used by the kill-rounds harness and the store's crash and multi-process tests.
struct Writer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append probe events and log acknowledgements (a child of other harnesses).")

    @Option(help: "Store directory (created if missing).") var store: String
    @Option(help: "This writer's id, written into every event.") var writerID: Int
    @Option(help: "File to append acknowledgement lines to.") var ackFile: String
    @Option(help: "Threads appending concurrently (exercises group commit).") var threads = 1
    @Option(help: "single, batch or mixed.") var mode = "mixed"
    @Option(help: "Stop after this many appends per thread (0 = until killed).") var count = 0
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        var options = LMDBEventStore.Options()
        options.createIfMissing = true
        options.initialMapSize = 1 << 20
        let store = try LMDBEventStore(path: self.store, options: options)
        let fd = open(ackFile, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot open \(ackFile)") }
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread.detachNewThread { [mode, count, seed, writerID] in
                defer { group.leave() }
                var rng = ProbeRandom(state: seed &* 1_000_003 &+ UInt64(thread))
                var k = 0
                while count == 0 || k < count {
                    let size: Int
                    switch mode {
                    case "single": size = 1
                    case "batch": size = Int.random(in: 2...40, using: &rng)
                    default: size = Bool.random(using: &rng) ? 1 : Int.random(in: 2...40, using: &rng)
                    }
                    let key = size > 1 ? "w\(writerID)-t\(thread)-k\(k)" : nil
                    do {
                        let events = try (k..<(k + size)).map { n in
                            try Probe.event(writer: writerID, thread: thread, n: n)
                        }
                        _ = try store.append(AppendBatch(events: events, idempotencyKey: key))
                    } catch {
                        FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                        return
                    }
                    let line = Array("\(thread) \(k) \(k + size - 1)\n".utf8)
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    k += size
                }
            }
        }
        group.wait()
    }
}

/// The probe events writers append and checkers count.
enum Probe {
    static let type = "ReliabilityProbe"

    static func event(writer: Int, thread: Int, n: Int) throws -> ProposedEvent {
        ProposedEvent(
            stream: try streamName("probe/W\(writer)-\(n % 16)"), type: type,
            occurredAt: Timestamp(millisecondsSinceEpoch: 1_600_000_000_000),
            actor: "harness", payload: Array(#"{"w":\#(writer),"t":\#(thread),"k":\#(n)}"#.utf8))
    }

    /// (writer, thread, n) read back from a probe payload.
    static func identity(of event: RecordedEvent) -> (Int, Int, Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(event.payload)) as? [String: Int],
            let w = object["w"], let t = object["t"], let k = object["k"]
        else { return nil }
        return (w, t, k)
    }

    /// Acknowledged (thread, n) pairs from an ack file.
    static func acknowledged(in file: String) -> [(Int, Int)] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        var out: [(Int, Int)] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").compactMap { Int($0) }
            guard parts.count == 3 else { continue }  // a torn last line was never acknowledged whole
            for n in parts[1]...parts[2] { out.append((parts[0], n)) }
        }
        return out
    }
}

/// SplitMix64, for reproducible harness runs.
struct ProbeRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A stream name the harness builds; a ValidationError (not a crash) if it is not valid.
func streamName(_ text: String) throws -> StreamName {
    guard let name = StreamName(text) else { throw ValidationError("the harness built an invalid stream name") }
    return name
}
