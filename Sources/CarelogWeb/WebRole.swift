/// Who is using the pages, which decides the pages they see.
///
/// Until the access model (AccessGranted events and `AccessPolicy`) is wired in, a signed-in
/// subject's role comes from the `web.users` entry of the service configuration
/// (``WebUser``); ``WebAccess`` is the one place that decides.
package enum WebRole: String, Codable, Hashable, Sendable, CaseIterable {
    /// Service manager or coordinator: RAG table, reviews due, compliance, downloads.
    case manager
    /// Auditor: timelines, differences between log positions, verify status.
    case auditor
    /// Care Inspectorate inspector: pseudonymised notification extracts and their checks.
    case inspector

    /// How the role is named on the page.
    package var label: String {
        switch self {
        case .manager: return "Service manager"
        case .auditor: return "Auditor"
        case .inspector: return "Inspector"
        }
    }
}
