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
    case importEvents
    case streamHistory
    case personTimeline
    case report
    case notificationExtract
    case accessReport
    case grantAccess
    case revokeAccess
    case listGrants

    /// The HTTP method.
    package var method: HTTPRequest.Method {
        switch self {
        case .health, .ready, .openAPI, .checkpoint: return .get
        case .verify, .appendEvent: return .post
        case .importEvents: return .post
        case .streamHistory, .personTimeline, .report, .notificationExtract: return .get
        case .accessReport: return .get
        case .grantAccess, .revokeAccess: return .post
        case .listGrants: return .get
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
        case .importEvents: return "/v1/import"
        case .streamHistory: return "/v1/streams/{kind}/{id}"
        case .personTimeline: return "/v1/people/{personId}/timeline"
        case .report: return "/v1/reports/{kind}"
        case .notificationExtract: return "/v1/extracts/notifications"
        case .accessReport: return "/v1/access-report"
        case .grantAccess, .listGrants: return "/v1/access/grants"
        case .revokeAccess: return "/v1/access/revocations"
        }
    }

    /// Whether the route needs a signed-in caller.
    package var requiresIdentity: Bool {
        switch self {
        case .health, .ready, .openAPI: return false
        case .checkpoint, .verify, .appendEvent: return true
        case .importEvents, .streamHistory, .personTimeline, .report, .notificationExtract: return true
        case .accessReport: return true
        case .grantAccess, .revokeAccess, .listGrants: return true
        }
    }
}
