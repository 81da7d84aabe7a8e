import CarelogOperations
import EventLog

/// A progress bar with rate and ETA on standard error — only when it is a terminal.
///
/// Quiet otherwise, so logs and pipes stay clean. Time comes from the environment's clock.
/// Redraws at most every 200 ms.
final class ProgressReporter {
    private let environment: CommandEnvironment
    private let label: String
    private let unit: String
    private var total: UInt64?
    private let started: Timestamp
    private var lastDrawn: Int64 = 0
    private var drewAnything = false
    /// Whether anything is shown at all.
    let isEnabled: Bool

    /// A reporter for work of `total` units (nil when unknown).
    init(_ environment: CommandEnvironment, label: String, total: UInt64?, unit: String = "events") {
        self.environment = environment
        self.label = label
        self.total = total
        self.unit = unit
        self.isEnabled = environment.errorOutputIsTerminal
        self.started = isEnabled ? environment.clock() : Timestamp(millisecondsSinceEpoch: 0)
    }

    /// Updates the bar to `done` units.
    func update(_ done: UInt64) {
        guard isEnabled else { return }
        let now = environment.clock().millisecondsSinceEpoch
        guard now - lastDrawn >= 200 || done == total else { return }
        lastDrawn = now
        drewAnything = true
        let elapsed = max(Double(now - started.millisecondsSinceEpoch) / 1000, 0.001)
        let rate = Double(done) / elapsed
        var text = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            text += "\(Int(fraction * 100))% \(done)/\(total) \(unit)"
            if rate > 0, done < total {
                text += ", ETA \(Self.duration(Double(total - done) / rate))"
            }
        } else {
            text += "\(done) \(unit)"
        }
        text += ", \(Int(rate))/s   "
        environment.errorOutput.write(text)
        environment.errorOutput.flush()
    }

    /// Clears the bar's line.
    func finish() {
        guard isEnabled, drewAnything else { return }
        environment.errorOutput.write("\r" + String(repeating: " ", count: 100) + "\r")
        environment.errorOutput.flush()
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" : "\(s)s"
    }
}
