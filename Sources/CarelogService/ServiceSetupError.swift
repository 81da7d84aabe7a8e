/// Why the service could not start: a bad configuration or key set, or a store that will not open.
package enum ServiceSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration file is missing, unreadable or invalid.
    case configuration(String)
    /// The JWKS file is missing or holds no usable key.
    case keySet(String)

    package var description: String {
        switch self {
        case .configuration(let message): return "configuration: \(message)"
        case .keySet(let message): return "key set: \(message)"
        }
    }
}
