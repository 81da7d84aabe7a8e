import CareRecord
import EventLog
import Projections

/// Why a command failed, and the exit code that says so: the one place errors become exit codes.
///
/// | Exit | Meaning |
/// |------|---------|
/// | 0 | success |
/// | 1 | `verify` found a problem |
/// | 64 | usage error (bad option or argument) |
/// | 65 | invalid input; nothing from the failing batch was appended |
/// | 74 | store or I/O error |
/// | 75 | expected-version conflict; safe to retry after re-reading the stream |
///
/// Messages are one line, name what to fix, and carry identifiers only (stream names,
/// sequence numbers, line numbers, field paths) — never payload values.
package enum CarelogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `verify` found problems (exit 1).
    case verificationFailed(String)
    /// A bad option, argument or combination (exit 64).
    case usage(String)
    /// Input that does not validate; nothing from the failing batch was appended (exit 65).
    case invalidInput(String)
    /// The store or a file could not be read or written (exit 74).
    case storeOrIO(String)
    /// An expected-version conflict (exit 75).
    case conflict(String)

    /// The process exit code.
    package var exitCode: Int32 {
        switch self {
        case .verificationFailed: return 1
        case .usage: return 64
        case .invalidInput: return 65
        case .storeOrIO: return 74
        case .conflict: return 75
        }
    }

    /// The one-line message (without the `error:` prefix).
    package var description: String {
        switch self {
        case .verificationFailed(let m), .usage(let m), .invalidInput(let m),
            .storeOrIO(let m), .conflict(let m):
            return m
        }
    }

    /// Classifies any error a command can meet.
    package static func from(_ error: any Error) -> CarelogError {
        switch error {
        case let error as CarelogError: return error
        case let error as EventStoreError: return from(error)
        case let error as CatalogueError:
            return error.kind == .storeUnavailable ? .storeOrIO(error.description) : .invalidInput(error.description)
        case let error as ProjectionError:
            if case .store(let inner) = error { return from(inner) }
            return .storeOrIO(error.description)
        default:
            return .storeOrIO(String(describing: error))
        }
    }

    /// Classifies a store error: conflicts are 75, bad batches 65, everything else 74.
    package static func from(_ error: EventStoreError) -> CarelogError {
        switch error {
        case .conflict: return .conflict(error.description + " — re-read the stream and retry")
        case .headMoved: return .conflict(error.description)
        case .invalidEvent, .idempotencyKeyReused: return .invalidInput(error.description)
        default: return .storeOrIO(error.description)
        }
    }
}
