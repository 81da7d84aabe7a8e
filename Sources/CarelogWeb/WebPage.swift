import CareRecord

/// Every page the web door serves, with the roles that may open it: navigation is built from
/// this list, and a page a role may not open answers 403.
package enum WebPage: String, CaseIterable, Hashable, Sendable {
    /// The start page (everyone signed in).
    case home
    /// The improvement RAG table for a quarter.
    case rag
    /// Reviews due by team, with filters.
    case reviewsDue
    /// One person on the reviews-due list (drill-down).
    case reviewsDuePerson
    /// Compliance figures for a period.
    case compliance
    /// Each compliance measure month by month, drawn as a chart.
    case complianceTrend
    /// Visit punctuality and duration, planned against actual (the CM2000 view).
    case visitDelivery
    /// Complaints with their stage, deadlines and timeliness.
    case complaints
    /// A person's timeline as known at a point.
    case timeline
    /// What changed in a person's timeline between two log positions.
    case difference
    /// Verify status of the log.
    case verify
    /// The notification extract, pseudonymised, with its manifest and check.
    case extracts
    /// Who viewed a person's record (the access report).
    case access

    /// The path (under `/web`).
    package var path: String {
        switch self {
        case .home: return "/web"
        case .rag: return "/web/rag"
        case .reviewsDue: return "/web/reviews-due"
        case .reviewsDuePerson: return "/web/reviews-due/person"
        case .compliance: return "/web/compliance"
        case .complianceTrend: return "/web/compliance-trend"
        case .visitDelivery: return "/web/visit-delivery"
        case .complaints: return "/web/complaints"
        case .access: return "/web/access"
        case .timeline: return "/web/timeline"
        case .difference: return "/web/difference"
        case .verify: return "/web/verify"
        case .extracts: return "/web/extracts"
        }
    }

    /// The page's heading and navigation label.
    package var title: String {
        switch self {
        case .home: return "Carelog"
        case .rag: return "Improvement RAG table"
        case .reviewsDue: return "Reviews due"
        case .reviewsDuePerson: return "Person on the reviews-due list"
        case .compliance: return "Compliance"
        case .complianceTrend: return "Compliance trend"
        case .visitDelivery: return "Visit delivery"
        case .complaints: return "Complaints"
        case .access: return "Who viewed a record"
        case .timeline: return "Person timeline"
        case .difference: return "Changes between two log positions"
        case .verify: return "Log verification"
        case .extracts: return "Notification extracts"
        }
    }

    /// The access policy's action a read of the page is decided under (nil: the start page,
    /// which needs only a grant in force).
    package var action: AccessAction? {
        switch self {
        case .home: return nil
        case .rag, .reviewsDue, .compliance, .complianceTrend, .visitDelivery, .complaints: return .report
        case .reviewsDuePerson, .timeline, .difference: return .timelineRead
        case .verify: return .verify
        case .extracts: return .extract
        case .access: return .accessReport
        }
    }

    /// Whether an allowed read of the page is recorded as a `RecordAccessed`, as the API records the
    /// same reads: every report, extract, timeline and the access report; not the start page or
    /// verification (no personal data). Refusals are recorded on every page.
    package var recordsReads: Bool { action != nil && action != .verify }

    /// Whether the page reads the whole service at once (the RAG table, the partnership's
    /// improvement programme, or the extract), so a manager whose grants are for some teams may
    /// not open it; the reviews-due list and the period reports open limited to their scope.
    package var wholeServiceOnly: Bool {
        switch self {
        case .rag, .extracts: return true
        default: return false
        }
    }

    /// Whether the navigation offers the page to `user`: a grant in force whose role permits the
    /// page's action (across the partnership, for whole-service pages). The policy still decides
    /// each request.
    package func isOpen(to user: WebUser) -> Bool {
        guard let action else { return !user.grants.isEmpty }
        return wholeServiceOnly ? user.permitsWidely(action) : user.permits(action)
    }

    /// Whether the page is listed in the navigation (a drill-down is reached from its list).
    package var inNavigation: Bool { self != .reviewsDuePerson }
}
