import CarelogOperations
import EventLog

/// The readable table `carelog log` prints: one line per event with its envelope.
///
/// Columns have fixed widths (a long stream name or type widens its own row only), so the
/// table can be streamed without reading the log twice.
struct LogTable {
    /// Width of the sequence column (digits of the largest sequence shown).
    let sequenceWidth: Int

    /// A table for logs whose sequences fit `maximumSequence`.
    init(maximumSequence: UInt64) {
        sequenceWidth = max(3, String(maximumSequence).count)
    }

    /// The header line.
    var header: String {
        row("SEQ", "RECORDED AT", "OCCURRED AT", "STREAM", "VER", "TYPE", "ACTOR")
    }

    /// One event's line.
    func line(for event: RecordedEvent) -> String {
        row(
            String(event.sequence), event.recordedAt.iso8601, event.occurredAt.iso8601, event.stream.rawValue,
            String(event.streamVersion), event.type, event.actor)
    }

    private func row(
        _ sequence: String, _ recorded: String, _ occurred: String, _ stream: String, _ version: String,
        _ type: String, _ actor: String
    ) -> String {
        [
            Self.left(sequence, sequenceWidth, alignRight: true), Self.left(recorded, 24), Self.left(occurred, 24),
            Self.left(stream, 22), Self.left(version, 3, alignRight: true), Self.left(type, 26), actor,
        ].joined(separator: "  ")
    }

    static func left(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return alignRight ? padding + text : text + padding
    }
}
