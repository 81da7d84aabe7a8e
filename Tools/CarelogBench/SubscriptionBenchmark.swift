import ArgumentParser
import Dispatch
import EventLog
import Foundation
import LMDBEventLog
import Synchronization

/// Subscription latency across processes: a child process (this tool's `subscription-writer`)
/// commits one event at a time to a fresh store and prints when each commit returned; this
/// process subscribes and notes when each event arrives. Latency is arrival minus commit return
/// (both on the system-wide monotonic clock), reported as p50, p99 and max.
struct SubscriptionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscription", abstract: "Latency from a commit in one process to a subscriber in another.")

    @Option(help: "Events committed, one per transaction.") var events = 2000
    @Option(help: "Pause between commits, in microseconds.") var intervalMicroseconds = 2000
    @Option(help: "The subscriber's poll interval, in microseconds.") var pollMicroseconds = 2000

    func run() throws {
        let directory = NSTemporaryDirectory() + "carelog-bench-subscription-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store"
        let store = try LMDBEventStore.create(at: path)
        let count = events
        let arrivals = Mutex([UInt64: UInt64]())
        let done = DispatchSemaphore(value: 0)
        let subscription = EventSubscription(store: store, pollInterval: .microseconds(pollMicroseconds))
        let subscriber = Task {
            var seen = 0
            do {
                for try await recorded in subscription {
                    let now = DispatchTime.now().uptimeNanoseconds
                    arrivals.withLock { $0[recorded.sequence] = now }
                    seen += 1
                    if seen == count { break }
                }
            } catch {
                print("subscription failed: \(error)")
            }
            done.signal()
        }
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        writer.arguments = [
            "subscription-writer", "--store", path, "--events", String(count), "--interval-microseconds",
            String(intervalMicroseconds),
        ]
        let pipe = Pipe()
        writer.standardOutput = pipe
        try writer.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        writer.waitUntilExit()
        guard writer.terminationStatus == 0 else { throw ValidationError("the writer process failed") }
        done.wait()
        _ = subscriber
        var latencies: [Double] = []
        let seen = arrivals.withLock { $0 }
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let sequence = UInt64(fields[0]), let committed = UInt64(fields[1]),
                let arrived = seen[sequence]
            else { continue }
            latencies.append((Double(arrived) - Double(committed)) / 1e6)
        }
        latencies.sort()
        guard !latencies.isEmpty else { throw ValidationError("no latencies measured") }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(
            "# \(latencies.count) events, one per commit, \(intervalMicroseconds) µs apart; poll \(pollMicroseconds) µs"
        )
        for (name, value) in [
            ("p50", percentile(0.5)), ("p99", percentile(0.99)), ("max", latencies[latencies.count - 1]),
        ] {
            print(Measurement(name: "subscription.cross-process.\(name)", unit: "ms", samples: [value]).line)
        }
    }
}

/// The writing side of ``SubscriptionBenchmark`` (run by it as a child process): commits one event
/// per transaction and prints `sequence monotonic-nanoseconds` once each commit has returned.
struct SubscriptionWriter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscription-writer", abstract: "The child process of the subscription benchmark.",
        shouldDisplay: false)

    @Option(help: "The store.") var store: String
    @Option(help: "Events committed, one per transaction.") var events = 2000
    @Option(help: "Pause between commits, in microseconds.") var intervalMicroseconds = 2000

    func run() throws {
        let store = try LMDBEventStore(path: self.store)
        guard let stream = StreamName("probe/subscription") else { throw ValidationError("bad stream name") }
        var lines = ""
        for i in 0..<events {
            let event = ProposedEvent(
                stream: stream, type: "Probe", occurredAt: Timestamp(millisecondsSinceEpoch: 1_577_836_800_000),
                actor: "bench", payload: Array("{\"i\":\(i)}".utf8))
            let result = try store.append([event])
            let committed = DispatchTime.now().uptimeNanoseconds
            for position in result.positions { lines += "\(position.sequence) \(committed)\n" }
            usleep(UInt32(intervalMicroseconds))
        }
        print(lines, terminator: "")
    }
}
