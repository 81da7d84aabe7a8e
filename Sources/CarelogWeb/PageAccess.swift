import CareRecord
import CarelogOperations
import EventLog
import Projections

/// What a page request asks of the access policy, in the policy's terms: the action, the resource
/// (nil when the page shows only its form, so nothing of the record is read) and what the
/// `RecordAccessed` names (the report or person, and the page's parameters with the page's name).
///
/// - The RAG page reads its table for the partnership; the reviews-due list and the period
///   reports (compliance, complaints, the compliance trend, visit delivery) read theirs for the
///   team or locality chosen (or, for a subject whose grants are for teams or localities, their
///   first team or locality), so a team- or locality-scoped manager reads their own scope's and
///   is refused another's.
/// - The reviews-due drill-down, the timeline and the difference for a person read that person's
///   record (`timeline.read` on the person: their teams on the day decide a team-scoped grant).
/// - The extract page reads the pseudonymised notification extract; the access page the access
///   log; the verify page the log.
/// - The start page needs only a grant in force; without one its refusal is recorded as a
///   `report` request naming the page.
struct PageAccess: Hashable, Sendable {
    /// The policy action.
    var action: AccessAction
    /// The resource read, or nil when the page shows only its form.
    var resource: AccessResource?
    /// What the access record names.
    var target: AccessTarget

    init(page: WebPage, query: WebQuery, user: WebUser) {
        action = page.action ?? .report
        let parameters = Self.parameters(query, page: page)
        let person = query["person"].flatMap { StreamName(kind: "person", id: $0) == nil ? nil : $0 }
        switch page {
        case .home:
            resource = nil
            target = AccessTarget(parameters: parameters)
        case .rag:
            let kind = Self.reportKind(page)
            resource = .report(kind: kind, scope: .partnership)
            target = AccessTarget(report: kind, parameters: parameters)
        case .compliance, .complianceTrend, .visitDelivery, .complaints:
            let kind = Self.reportKind(page)
            resource = .report(kind: kind, scope: Self.reportScope(query, user: user))
            target = AccessTarget(report: kind, parameters: parameters)
        case .reviewsDue:
            let kind = ReportKind.reviewsDue.rawValue
            resource = .report(kind: kind, scope: Self.reviewsDueScope(query, user: user))
            target = AccessTarget(report: kind, parameters: parameters)
        case .reviewsDuePerson, .timeline:
            resource = person.map(AccessResource.person)
            target = AccessTarget(personId: person, parameters: parameters)
        case .difference:
            if let person {
                resource = .person(person)
                target = AccessTarget(personId: person, parameters: parameters)
            } else {
                action = .report
                resource = query["from"] == nil ? nil : .report(kind: "difference", scope: .partnership)
                target = AccessTarget(report: "difference", parameters: parameters)
            }
        case .verify:
            resource = .log
            target = AccessTarget(parameters: parameters)
        case .extracts:
            let kind = ReportKind.notifications.rawValue
            resource = .extract(kind: kind, pseudonymised: true)
            target = AccessTarget(report: kind, parameters: parameters)
        case .access:
            resource = .accessLog
            target = AccessTarget(report: ReportKind.access.rawValue, parameters: parameters)
        }
    }

    /// The scope the reviews-due list is read over: the team chosen, else a team-scoped
    /// subject's first team, else the locality chosen or a locality-scoped subject's first
    /// locality, else the partnership. A subject scoped to localities alone always reads a
    /// locality (the team filter narrows the list within it).
    static func reviewsDueScope(_ query: WebQuery, user: WebUser) -> AccessScope {
        if !user.isLocalityScoped, let team = query["team"] ?? user.teams.first { return .team(team) }
        if let locality = query["locality"] ?? user.localities.first { return .service(locality) }
        return .partnership
    }

    /// The scope a period report (compliance, complaints, the compliance trend, visit delivery)
    /// is read over: the team chosen, else the locality chosen, else a team-scoped subject's
    /// first team, else a locality-scoped subject's first locality, else the partnership. The
    /// report is limited to that scope (``WebViews/reportRequest(for:)``) and the policy decides
    /// it, so a team- or locality-scoped coordinator or manager reads their own scope's report.
    static func reportScope(_ query: WebQuery, user: WebUser) -> AccessScope {
        if let team = query["team"] { return .team(team) }
        if let locality = query["locality"] { return .service(locality) }
        if let team = user.teams.first { return .team(team) }
        if let locality = user.localities.first { return .service(locality) }
        return .partnership
    }

    /// The page's parameters as recorded: the query's non-empty fields and the page's name.
    static func parameters(_ query: WebQuery, page: WebPage) -> [String: String] {
        var recorded = ["page": page.rawValue]
        for (name, value) in query.fields where !value.isEmpty && name != "page" { recorded[name] = value }
        return recorded
    }

    private static func reportKind(_ page: WebPage) -> String {
        switch page {
        case .rag: return ReportKind.improvementRAG.rawValue
        case .compliance: return ReportKind.compliance.rawValue
        case .complianceTrend: return ReportKind.complianceTrend.rawValue
        case .visitDelivery: return ReportKind.visitDelivery.rawValue
        default: return ReportKind.complaints.rawValue
        }
    }
}
