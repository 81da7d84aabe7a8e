import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog

/// Backup under load: writer processes append while backups are taken; each backup must
/// verify on its own, open, and serve reads.
struct BackupUnderLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup-under-load",
        abstract: "Take backups while writers append and check each verifies and serves reads.")

    @Option(help: "Backups to take.") var backups = 3
    @Option(help: "Writer processes.") var writers = 2

    func run() throws {
        let dir = NSTemporaryDirectory() + "carelog-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/store"
        let store = try LMDBEventStore(
            path: path,
            options: {
                var o = LMDBEventStore.Options()
                o.createIfMissing = true
                return o
            }())
        let children = try (0..<writers).map { w -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            process.arguments = [
                "writer", "--store", path, "--writer-id", String(w), "--ack-file", dir + "/ack-\(w)", "--threads", "2",
            ]
            try process.run()
            return process
        }
        defer {
            for c in children {
                kill(c.processIdentifier, SIGKILL)
                c.waitUntilExit()
            }
        }
        var good = 0
        var sizes: [UInt64] = []
        for b in 0..<backups {
            usleep(200_000)
            let destination = dir + "/backup-\(b)"
            try store.backup(to: destination)
            let copy = try LMDBEventStore(path: destination)
            let report = try copy.verify(against: nil)
            var read = 0
            try copy.read(.types([Probe.type])) { _ in read += 1 }
            if report.isValid && UInt64(read) == report.head.sequence && copy.storeID == store.storeID { good += 1 }
            sizes.append(report.head.sequence)
        }
        print(
            "backup-under-load: \(backups) backups taken while \(writers) writers appended (\(sizes.map(String.init).joined(separator: ", ")) events), \(good) verified and served reads"
        )
        if good != backups { throw ExitCode(1) }
    }
}
