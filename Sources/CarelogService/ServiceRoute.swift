import Hummingbird

/// Every route the service answers: the router is built from this list, and a test checks the
/// OpenAPI document (`/openapi.json`) names exactly these.
package enum ServiceRoute: String, CaseIterable, Sendable {
    case health
    case ready
    case openAPI
    case checkpoint
    case verify
    case appendEvent

    /// The HTTP method.
    package var method: HTTPRequest.Method {
        switch self {
        case .health, .ready, .openAPI, .checkpoint: return .get
        case .verify, .appendEvent: return .post
        }
    }

    /// The path as the OpenAPI document spells it.
    package var path: String {
        switch self {
        case .health: return "/health"
        case .ready: return "/ready"
        case .openAPI: return "/openapi.json"
        case .checkpoint: return "/v1/checkpoint"
        case .verify: return "/v1/verify"
        case .appendEvent: return "/v1/events"
        }
    }

    /// Whether the route needs a signed-in caller.
    package var requiresIdentity: Bool {
        switch self {
        case .health, .ready, .openAPI: return false
        case .checkpoint, .verify, .appendEvent: return true
        }
    }
}
