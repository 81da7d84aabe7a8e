import CarelogCLI
import EventLog
import Foundation

/// Runs `carelog` commands in-process with a fixed clock and captured output, in a fresh
/// temporary directory.
final class CLIHarness {
    /// What one run produced.
    struct Run {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    /// The fixed time of recording: 2020-02-01T12:00:00Z.
    static let fixedClock = Timestamp(iso8601: "2020-02-01T12:00:00Z")!

    let directory: String
    var standardInput: [UInt8] = []

    init() {
        directory = NSTemporaryDirectory() + "carelog-cli-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A path inside the temporary directory.
    func path(_ name: String) -> String { directory + "/" + name }

    /// Runs `carelog` with `arguments`.
    func run(_ arguments: [String], clock: Timestamp = CLIHarness.fixedClock) -> Run {
        let out = CapturedOutput()
        let err = CapturedOutput()
        let input = standardInput
        let environment = CommandEnvironment(
            clock: { clock }, output: out, errorOutput: err, variables: [:], readStandardInput: { input },
            errorOutputIsTerminal: false)
        let code = CarelogCommand.run(arguments: arguments, environment: environment)
        return Run(exitCode: code, stdout: out.text, stderr: err.text)
    }

    /// Writes a file in the temporary directory and returns its path.
    func write(_ name: String, _ text: String) -> String {
        let p = path(name)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
}

/// A small, valid set of events (NDJSON lines) used by the golden tests.
enum Fixture {
    static let serviceStarted =
        #"{"stream":"person/P001","type":"ServiceStarted","occurredAt":"2020-01-06T09:00:00Z","actor":"staff/S001","data":{"firstServiceOn":"2020-01-06","model":"timeAndTask","plannedHoursPerWeek":7,"team":"barrhead","locality":"barrhead"}}"#
    static let staffJoined =
        #"{"stream":"staff/S001","type":"StaffJoined","occurredAt":"2020-01-02T09:00:00Z","actor":"system/hr","data":{"joinedOn":"2020-01-02","role":"homeCareWorker","team":"barrhead"}}"#
    static let visitScheduled =
        #"{"stream":"visit/V001","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T09:00:00Z","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}"#
    static let checkedIn =
        #"{"stream":"visit/V001","type":"VisitCheckedIn","occurredAt":"2020-01-06T09:04:00Z","actor":"system/ecm","data":{"checkedInAt":"2020-01-06T09:04:00Z","staffId":"S001","method":"electronic"}}"#
    static let checkedOut =
        #"{"stream":"visit/V001","type":"VisitCheckedOut","occurredAt":"2020-01-06T09:33:00Z","actor":"system/ecm","data":{"checkedOutAt":"2020-01-06T09:33:00Z","staffId":"S001","method":"electronic"}}"#
    static let visit2Scheduled =
        #"{"stream":"visit/V002","type":"VisitScheduled","occurredAt":"2020-01-06T06:00:00Z","actor":"system/roster","data":{"personId":"P001","plannedStart":"2020-01-06T17:30:00Z","plannedMinutes":30,"carersNeeded":1,"timeCritical":false}}"#
    /// Manual without an exception code: invalid.
    static let invalidCheckIn =
        #"{"stream":"visit/V002","type":"VisitCheckedIn","occurredAt":"2020-01-06T17:35:00Z","actor":"staff/S001","data":{"checkedInAt":"2020-01-06T17:35:00Z","staffId":"S001","method":"manual"}}"#
    static let visit2CheckedIn =
        #"{"stream":"visit/V002","type":"VisitCheckedIn","occurredAt":"2020-01-06T17:35:00Z","actor":"staff/S001","data":{"checkedInAt":"2020-01-06T17:35:00Z","staffId":"S001","method":"manual","exceptionCode":"NO-SIGNAL"}}"#

    /// The lines imported after `serviceStarted` is appended.
    static let importLines = [staffJoined, visitScheduled, checkedIn, checkedOut]

    static func ndjson(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
