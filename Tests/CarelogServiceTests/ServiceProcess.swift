import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `carelog serve` as a separate process over a fresh store on disk, for the fault tests: the
/// `carelog` binary built beside the tests, the test configuration of `Tools/service/`, a store
/// seeded with `visits` scheduled visits (`visit/F1` …) the feed can check in to.
final class ServiceProcess: @unchecked Sendable {
    // Unchecked: `process` is started in `start` and then only signalled and waited for.
    let folder: URL
    let port: Int
    let process = Process()
    static let feedKey = "demo-ecm-feed-key"

    var store: String { folder.appendingPathComponent("store").path }

    init(visits: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-fault-\(UUID().uuidString)")
        port = Int.random(in: 20000..<40000)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tools/service")
        for name in ["test-config.json", "test-jwks.json"] {
            try FileManager.default.copyItem(
                at: tools.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        var lines = [Events.staffJoined, Events.serviceStarted]
        for n in 1...visits {
            lines.append(Events.visitScheduled.replacingOccurrences(of: "visit/V001", with: "visit/F\(n)"))
        }
        let seed = folder.appendingPathComponent("seed.ndjson")
        try Data(lines.joined(separator: "\n").utf8).write(to: seed)
        #expect(try Self.carelog(["init", "--store", store]).status == 0)
        #expect(try Self.carelog(["import", seed.path, "--store", store]).status == 0)
        // The ECM feed's key appends only with a `feed` grant for its name (Docs/access.md).
        let grant = [
            "access", "grant", "--store", store, "--subject", "ecm-feed", "--role", "feed", "--scope", "partnership",
            "--from", "2020-01-01", "--granted-by", "staff/administrator",
        ]
        #expect(try Self.carelog(grant).status == 0)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Starts the service and waits until it answers `/health`.
    func start() async throws {
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = [
            "serve", "--store", store, "--config", folder.appendingPathComponent("test-config.json").path,
            "--port", String(port),
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if (try? await get("/health")) == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the service did not start")
    }

    /// The status of `GET path`.
    func get(_ path: String) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(from: url(path))
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Checks in to visit `n` as the feed; the status, or nil when no answer came.
    func checkIn(visit n: Int) async -> Int? {
        var request = URLRequest(url: url("/v1/events"))
        request.httpMethod = "POST"
        request.setValue(Self.feedKey, forHTTPHeaderField: "X-API-Key")
        request.httpBody = Data(Events.checkIn.replacingOccurrences(of: "visit/V001", with: "visit/F\(n)").utf8)
        request.timeoutInterval = 10
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// `clients` concurrent clients checking in to visits 1…`visits` in turn, each stopping at its
    /// first unanswered request; `signal` is sent once `after` check-ins were acknowledged. The
    /// visits acknowledged (2xx).
    func load(clients: Int, visits: Int, signal: Int32, after: Int) async -> Set<Int> {
        let acknowledged = AcknowledgedVisits()
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var n = client + 1
                    while n <= visits {
                        guard let status = await self.checkIn(visit: n) else { return }
                        if (200..<300).contains(status), acknowledged.add(n) == after {
                            kill(self.process.processIdentifier, signal)
                        }
                        n += clients
                    }
                }
            }
        }
        // Never leave the service running: if fewer than `after` appends were acknowledged,
        // the signal is sent now (and the test's own expectations then fail).
        if acknowledged.all.count < after { kill(process.processIdentifier, signal) }
        return acknowledged.all
    }

    /// Waits for the process to end: its termination status and reason.
    func waitForExit() -> (status: Int32, reason: Process.TerminationReason) {
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason)
    }

    /// The visits with a check-in in the store.
    func checkedInVisits() throws -> Set<Int> {
        let output = try Self.carelog(["log", "--store", store, "--type", "VisitCheckedIn", "--format", "ndjson"])
        var visits: Set<Int> = []
        for line in output.stdout.split(separator: "\n") {
            guard let range = line.range(of: #"visit/F[0-9]+"#, options: .regularExpression),
                let n = Int(line[range].dropFirst("visit/F".count))
            else { continue }
            visits.insert(n)
        }
        return visits
    }

    private func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)") ?? URL(fileURLWithPath: "/")
    }

    /// Runs `carelog` with `arguments` to completion.
    @discardableResult
    static func carelog(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The `carelog` binary built beside the tests (or `CARELOG_BIN`).
    static func binary() throws -> String {
        if let override = ProcessInfo.processInfo.environment["CARELOG_BIN"] { return override }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("carelog").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "carelog"])
    }
}

/// The visits acknowledged so far, shared by the clients.
private final class AcknowledgedVisits: @unchecked Sendable {
    // Unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var visits: Set<Int> = []

    /// Adds `visit`; the number acknowledged now.
    func add(_ visit: Int) -> Int {
        lock.withLock {
            visits.insert(visit)
            return visits.count
        }
    }
    var all: Set<Int> { lock.withLock { visits } }
}
