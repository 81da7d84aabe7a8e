/// Why an event leaf could not be built or a disclosure did not verify. Messages name fields,
/// never their values.
public enum EventLeafError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(reason: String)
    case duplicateField(name: String)
    /// The disclosed field's digest is not among the leaf's: a wrong value, salt or name.
    case disclosureMismatch(field: String)

    public var description: String {
        switch self {
        case .malformed(let reason): return "the event leaf is malformed: \(reason)"
        case .duplicateField(let name): return "field \(name) appears twice in one event"
        case .disclosureMismatch(let field):
            return
                "the disclosed field \(field) does not match the event's leaf: its value, salt or name differs from what was logged"
        }
    }
}
