import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog

/// Kill anywhere: writer processes append while the driver SIGKILLs them at random moments;
/// after every round the store must open, verify, and hold every acknowledged event exactly once.
struct KillRounds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "SIGKILL writers at random moments and check nothing acknowledged is lost or duplicated.")

    @Option(help: "Rounds of spawn-and-kill.") var rounds = 20
    @Option(help: "Writer processes per round.") var writers = 3
    @Option(help: "Threads per writer.") var threads = 2
    @Option(help: "Longest time before the kill, in milliseconds.") var maxDelay = 300
    @Option(help: "Working directory (a fresh temporary one by default).") var workDir: String?
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() throws {
        let dir = workDir ?? NSTemporaryDirectory() + "carelog-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let storePath = dir + "/store"
        let tool = CommandLine.arguments[0]
        var rng = ProbeRandom(state: seed)
        var acknowledgedTotal = 0
        var lost = 0
        var duplicated = 0
        var failures: [String] = []
        var notStarted = 0
        for round in 0..<rounds {
            var children: [(Process, ackFile: String, writer: Int)] = []
            for w in 0..<writers {
                let writer = round * writers + w
                let ack = dir + "/ack-\(writer)"
                let process = Process()
                process.executableURL = URL(fileURLWithPath: tool)
                process.arguments = [
                    "writer", "--store", storePath, "--writer-id", String(writer), "--ack-file", ack,
                    "--threads", String(threads), "--seed", String(rng.next() % 1_000_000),
                ]
                try process.run()
                children.append((process, ack, writer))
            }
            usleep(UInt32(Int.random(in: 20...max(21, maxDelay), using: &rng) * 1000))
            for child in children { kill(child.0.processIdentifier, SIGKILL) }
            for child in children { child.0.waitUntilExit() }

            let store: LMDBEventStore
            do {
                store = try LMDBEventStore(path: storePath)
            } catch EventStoreError.unsupportedFormat(found: "none", _)
                where acknowledgedTotal == 0
                && children.allSatisfy({ Probe.acknowledged(in: $0.ackFile).isEmpty })
            {
                // Every writer so far was killed before its first commit (on a loaded machine the
                // delay can end before a writer has started): no store yet, nothing acknowledged,
                // nothing to lose. The next round's writers create it.
                notStarted += 1
                continue
            } catch {
                failures.append("round \(round): store did not open: \(error)")
                continue
            }
            let report = try store.verify(against: nil)
            if let problem = report.problems.first { failures.append("round \(round): verify failed: \(problem)") }
            var seen: [String: Int] = [:]
            let writersThisRound = Set(children.map(\.writer))
            try store.read(.types([Probe.type])) { event in
                guard let (w, t, k) = Probe.identity(of: event), writersThisRound.contains(w) else { return }
                seen["\(w)/\(t)/\(k)", default: 0] += 1
            }
            duplicated += seen.values.filter { $0 > 1 }.count
            for child in children {
                for (t, k) in Probe.acknowledged(in: child.ackFile) {
                    acknowledgedTotal += 1
                    if seen["\(child.writer)/\(t)/\(k)"] == nil { lost += 1 }
                }
            }
        }
        let events = (try? LMDBEventStore(path: storePath).checkpoint().sequence) ?? 0
        print(
            "kill-rounds: \(rounds) rounds, \(writers) writers x \(threads) threads, \(acknowledgedTotal) acknowledged events, \(lost) lost, \(duplicated) duplicated, \(events) events in the store, \(notStarted) rounds before the store existed, \(failures.count) failed rounds"
        )
        for failure in failures.prefix(10) { print("  " + failure) }
        if workDir == nil { try? FileManager.default.removeItem(atPath: dir) }
        if lost > 0 || duplicated > 0 || !failures.isEmpty { throw ExitCode(1) }
    }
}
