import CareRecord
import EventLog

/// Why the demo partnership could not be built.
public enum DemoBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store already holds events; the demo needs a fresh store.
    case storeNotEmpty(sequence: UInt64)
    /// The generator produced a line the catalogue rejects (a bug in the generator).
    case invalidLine(CatalogueError)
    /// The store failed.
    case store(EventStoreError)
    /// The store numbered a batch differently from the generator (another writer?).
    case unexpectedSequence(expected: UInt64, actual: UInt64)

    public var description: String {
        switch self {
        case .storeNotEmpty(let sequence):
            return "the store already holds \(sequence) events; the demo needs a fresh store"
        case .invalidLine(let error):
            return
                "the demo generated an event the catalogue rejects (\(error.description)); this is a bug in the generator"
        case .store(let error):
            return error.description
        case .unexpectedSequence(let expected, let actual):
            return
                "the store numbered a demo batch from sequence \(actual), not \(expected); was another process writing to it?"
        }
    }
}
