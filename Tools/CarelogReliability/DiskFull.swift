import ArgumentParser
import EventLog
import Foundation
import LMDBEventLog

/// Disk full: the store lives on a small tmpfs (or, where mounting is not allowed, under a
/// file-size limit); appends must fail with a clear "no space" error once space runs out,
/// nothing acknowledged may be lost, and the store must work again once space is freed.
struct DiskFull: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the disk under the store and check nothing acknowledged is lost.")

    @Option(help: "Size of the small filesystem in KiB.") var sizeKiB = 2048
    @Option(help: "Working directory (a fresh temporary one by default).") var workDir: String?
    @Flag(help: "Use the file-size limit even where a tmpfs could be mounted.") var noMount = false

    func run() throws {
        let dir = workDir ?? NSTemporaryDirectory() + "carelog-diskfull-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let mountPoint = dir + "/fs"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted =
            !noMount && shell("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKiB)k", "tmpfs", mountPoint]) == 0
        defer {
            if mounted { _ = shell("/bin/umount", ["-l", mountPoint]) }
            if workDir == nil { try? FileManager.default.removeItem(atPath: dir) }
        }
        if !mounted {
            // Fall back to a file-size limit: writes past it fail with EFBIG instead of a signal.
            signal(SIGXFSZ, SIG_IGN)
            var limit = rlimit(rlim_cur: rlim_t(sizeKiB * 1024), rlim_max: rlim_t.max)
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        }
        let path = mountPoint + "/store"
        var options = LMDBEventStore.Options()
        options.createIfMissing = true
        options.initialMapSize = 256 * 1024
        var store = try LMDBEventStore(path: path, options: options)
        var acknowledged: [Int] = []
        var failure: EventStoreError?
        var n = 0
        while failure == nil && n < 1_000_000 {
            let batch = try (n..<(n + 20)).map { try Probe.event(writer: 1, thread: 0, n: $0) }
            do {
                _ = try store.append(AppendBatch(events: batch))
                acknowledged.append(contentsOf: n..<(n + 20))
            } catch {
                failure = error
            }
            n += 20
        }
        let message = failure.map { "\($0)" } ?? "none"
        let clear: Bool
        if case .noSpace = failure { clear = true } else { clear = false }

        // Free space: lift the limit (tmpfs: grow it), reopen, check, append again.
        if mounted {
            _ = shell("/bin/mount", ["-o", "remount,size=\(sizeKiB * 4)k", mountPoint])
        } else {
            var limit = rlimit(rlim_cur: rlim_t.max, rlim_max: rlim_t.max)
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        }
        store = try LMDBEventStore(path: path)
        var present = Set<Int>()
        try store.read(.types([Probe.type])) { event in
            if let (_, _, k) = Probe.identity(of: event) { present.insert(k) }
        }
        let lost = acknowledged.filter { !present.contains($0) }.count
        let verified = try store.verify(against: nil).isValid
        var worksAgain = true
        do {
            _ = try store.append(AppendBatch(events: [try Probe.event(writer: 1, thread: 0, n: n + 1)]))
        } catch {
            worksAgain = false
        }
        print(
            "disk-full: \(mounted ? "tmpfs of \(sizeKiB) KiB" : "file-size limit of \(sizeKiB) KiB"), \(acknowledged.count) acknowledged events before the disk filled, error \"\(message)\", \(lost) lost, verify \(verified ? "passed" : "FAILED"), appends after freeing space \(worksAgain ? "work" : "FAIL")"
        )
        if !clear || lost > 0 || !verified || !worksAgain { throw ExitCode(1) }
    }
}

/// Runs a program and returns its exit status (output discarded).
func shell(_ executable: String, _ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    guard (try? process.run()) != nil else { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}
