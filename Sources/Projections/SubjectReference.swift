/// Whether an extract names people and incidents by pseudonym or by the service's own ids.
public enum SubjectIdentifiers: String, Hashable, Sendable, CaseIterable {
    /// `PSN-`/`INC-` references keyed by the recipient's ``PseudonymKey``. The default, for
    /// anything leaving the service.
    case pseudonymous
    /// The service's own ids (`person/P000123`, `incident/I-17`), for internal use only.
    case `internal`
}

/// How an extract is to name people and incidents: by pseudonym under a recipient's key, or by
/// the service's own ids.
public enum SubjectNaming: Hashable, Sendable {
    /// `PSN-`/`INC-` references under the recipient's key.
    case pseudonymous(PseudonymKey)
    /// `person/<id>` and `incident/<id>`.
    case `internal`

    /// The kind of identifiers this naming gives.
    public var identifiers: SubjectIdentifiers {
        switch self {
        case .pseudonymous: return .pseudonymous
        case .internal: return .internal
        }
    }

    /// The recipient whose key names the subjects, for pseudonyms.
    public var recipient: String? {
        switch self {
        case .pseudonymous(let key): return key.recipient
        case .internal: return nil
        }
    }
}

/// Pseudonymous and internal references for people and incidents.
public enum SubjectReference {
    /// Hex digits kept from the HMAC: 16 (64 bits), so collisions are negligible for any service.
    static let hexDigits = 16

    /// `PSN-` + the first 16 hex digits of HMAC-SHA-256(key, `person:<personId>`).
    public static func pseudonym(personId: String, key: PseudonymKey) -> String {
        "PSN-" + hex(key.authenticationCode(for: Array("person:\(personId)".utf8)))
    }

    /// `INC-` + the first 16 hex digits of HMAC-SHA-256(key, `incident:<incidentId>`).
    public static func pseudonym(incidentId: String, key: PseudonymKey) -> String {
        "INC-" + hex(key.authenticationCode(for: Array("incident:\(incidentId)".utf8)))
    }

    /// The reference for a person under `naming`.
    public static func person(_ personId: String, naming: SubjectNaming) -> String {
        switch naming {
        case .pseudonymous(let key): return pseudonym(personId: personId, key: key)
        case .internal: return "person/\(personId)"
        }
    }

    /// The reference for an incident under `naming`.
    public static func incident(_ incidentId: String, naming: SubjectNaming) -> String {
        switch naming {
        case .pseudonymous(let key): return pseudonym(incidentId: incidentId, key: key)
        case .internal: return "incident/\(incidentId)"
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes.prefix(hexDigits / 2) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
