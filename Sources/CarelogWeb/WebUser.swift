import CareRecord
import Projections

/// A signed-in subject as the pages see them on one request: the access grants they hold in
/// force today, read from the access register (`AccessGranted`/`AccessRevoked` in the log) on
/// every request, so a revocation takes effect on the next page. The navigation, the role named
/// on the page and the default team filter follow from the grants; whether a page may be read is
/// ``Projections/AccessPolicy``'s decision (``WebPages``).
package struct WebUser: Hashable, Sendable {
    /// The ID token's `sub`.
    package var subject: String
    /// The grants in force today.
    package var grants: [AccessGrant]

    package init(subject: String, grants: [AccessGrant]) {
        self.subject = subject
        self.grants = grants
    }

    /// The roles held, by name (sorted; empty: no access).
    package var roleNames: [String] { Set(grants.map(\.role.rawValue)).sorted() }

    /// How the roles are named on the page.
    package var roleLabel: String { roleNames.isEmpty ? "no role" : roleNames.joined(separator: ", ") }

    /// The teams whose people the subject's lists show: the teams of their team-scoped
    /// coordinator or service-manager grants; empty when a grant lets them read reports for the
    /// whole partnership (an auditor, or a partnership-scoped manager).
    package var teams: [String] {
        if grants.contains(where: { Self.readsReports($0) && $0.scope.kind == .partnership }) { return [] }
        return Set(
            grants.filter { Self.readsReports($0) && $0.scope.kind == .team }.compactMap(\.scope.id)
        ).sorted()
    }

    /// The localities whose people the subject's lists show: the localities of their
    /// service-scoped (`service:<locality>`) coordinator or service-manager grants; empty when a
    /// grant lets them read reports for the whole partnership.
    package var localities: [String] {
        if grants.contains(where: { Self.readsReports($0) && $0.scope.kind == .partnership }) { return [] }
        return Set(
            grants.filter { Self.readsReports($0) && $0.scope.kind == .service }.compactMap(\.scope.id)
        ).sorted()
    }

    /// Whether the subject's lists are limited to some teams or localities (no grant for the
    /// whole partnership).
    package var isScoped: Bool { !teams.isEmpty || !localities.isEmpty }

    /// Whether the subject's lists are limited to localities alone (service-scoped grants, no
    /// team or partnership grant).
    package var isLocalityScoped: Bool { teams.isEmpty && !localities.isEmpty }

    /// Whether a team (of `locality`) is in this subject's lists: every team for the partnership,
    /// else their teams and the teams of their localities.
    package func sees(team: String, locality: String?) -> Bool {
        guard isScoped else { return true }
        return teams.contains(team) || locality.map(localities.contains) == true
    }

    /// Whether some grant's role permits `action` (before scope is considered).
    package func permits(_ action: AccessAction) -> Bool {
        grants.contains { AccessPolicy.permittedActions[$0.role, default: []].contains(action) }
    }

    /// Whether some grant permits `action` across the whole partnership (auditors, inspectors and
    /// partnership-scoped managers: what a whole-service report or extract needs).
    package func permitsWidely(_ action: AccessAction) -> Bool {
        grants.contains { grant in
            guard AccessPolicy.permittedActions[grant.role, default: []].contains(action) else { return false }
            switch grant.role {
            case .coordinator, .serviceManager, .carer: return grant.scope.kind == .partnership
            case .auditor, .inspector, .administrator, .feed: return true
            }
        }
    }

    private static func readsReports(_ grant: AccessGrant) -> Bool {
        AccessPolicy.permittedActions[grant.role, default: []].contains(.report)
    }
}
