import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog
import Synchronization

/// Concurrent conflict: processes and threads race to append to the same few streams with
/// expected versions. Every accepted append must be in the store exactly once, each stream's
/// version must equal the appends accepted for it (no lost update), and the rest must have
/// been refused as conflicts.
struct ConcurrentConflict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concurrent-conflict", abstract: "Race appends with expected versions and check no update is lost."
    )

    @Option(help: "Processes.") var processes = 3
    @Option(help: "Threads per process.") var threads = 4
    @Option(help: "Appends attempted per thread.") var attempts = 100
    @Option(help: "Contended streams.") var streams = 2
    @Option(help: "Store directory (internal: set for worker processes).") var store: String?
    @Option(help: "Worker id (internal).") var worker: Int?

    func run() throws {
        if let store, let worker { return try work(store: store, worker: worker) }
        let dir = NSTemporaryDirectory() + "carelog-conflict-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/store"
        _ = try LMDBEventStore(
            path: path,
            options: {
                var o = LMDBEventStore.Options()
                o.createIfMissing = true
                return o
            }())
        let children = try (0..<processes).map { p -> (Process, Pipe) in
            let process = Process()
            let pipe = Pipe()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = [
                "concurrent-conflict", "--store", path, "--worker", String(p), "--threads", String(threads),
                "--attempts", String(attempts), "--streams", String(streams),
            ]
            process.standardOutput = pipe
            try process.run()
            return (process, pipe)
        }
        var accepted = 0
        var conflicts = 0
        for (process, pipe) in children {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let numbers = output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
            guard numbers.count == 2, process.terminationStatus == 0 else {
                throw ValidationError("a worker failed: \(output)")
            }
            accepted += numbers[0]
            conflicts += numbers[1]
        }
        let store = try LMDBEventStore(path: path)
        var finalVersions = 0
        for s in 0..<streams {
            finalVersions += Int(try store.currentVersion(of: try streamName("race/S\(s)"), knownAt: .head))
        }
        let stored = Int(try store.checkpoint().sequence)
        let attempted = processes * threads * attempts
        let verified = try store.verify(against: nil).isValid
        let sound = accepted + conflicts == attempted && finalVersions == accepted && stored == accepted && verified
        print(
            "concurrent-conflict: \(processes) processes x \(threads) threads, \(attempted) appends attempted, \(accepted) accepted, \(conflicts) rejected as conflicts, stream versions total \(finalVersions), events stored \(stored), verify \(verified ? "passed" : "FAILED"): \(sound ? "no lost update" : "LOST UPDATE")"
        )
        if !sound { throw ExitCode(1) }
    }

    private func work(store path: String, worker: Int) throws {
        let store = try LMDBEventStore(path: path)
        let accepted = Mutex(0)
        let conflicts = Mutex(0)
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            Thread.detachNewThread { [attempts, streams] in
                defer { group.leave() }
                var rng = ProbeRandom(state: UInt64(worker * 1000 + t))
                for i in 0..<attempts {
                    guard let stream = StreamName("race/S\(Int.random(in: 0..<streams, using: &rng))"),
                        let current = try? store.currentVersion(of: stream, knownAt: .head),
                        var event = try? Probe.event(writer: worker, thread: t, n: i)
                    else { continue }
                    event.stream = stream
                    switch Result(catching: { () throws(EventStoreError) in
                        try store.append(AppendBatch(events: [event], expectedVersions: [stream: .exactly(current)]))
                    }) {
                    case .success: accepted.withLock { $0 += 1 }
                    case .failure(.conflict): conflicts.withLock { $0 += 1 }
                    case .failure(let error): FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                    }
                }
            }
        }
        group.wait()
        print(accepted.withLock { $0 }, conflicts.withLock { $0 })
    }
}
