import CareCalendar
import CareRecord
import EventLog

/// Who may do what: a pure function of the subject's grants in force on the day (from the
/// ``AccessRegister``), the action and the resource. `Docs/access.md` has the matrix as coded.
///
/// Each grant in force is judged on its own; the first (by grant id) that allows the request in
/// scope decides. When none does but a carer, coordinator or service manager grant permits a read
/// (`stream.read`, `timeline.read`) of a resource outside its scope, a stated reason opens it
/// ("break glass"): allowed, and flagged in the access report.
public enum AccessPolicy {
    /// The actions each role may take (before scope is considered).
    public static let permittedActions: [AccessRole: Set<AccessAction>] = [
        .carer: [.streamRead, .timelineRead, .eventsAppend],
        .coordinator: [.streamRead, .timelineRead, .eventsAppend, .report, .extract],
        .serviceManager: [.streamRead, .timelineRead, .eventsAppend, .report, .extract, .verify, .checkpoint],
        .auditor: [.streamRead, .timelineRead, .report, .extract, .verify, .checkpoint, .accessReport, .accessList],
        .inspector: [.extract],
        .feed: [.eventsAppend],
        .administrator: [.accessAdminister, .accessList, .verify, .checkpoint],
    ]

    /// The roles that may break glass: read outside their scope on a stated reason.
    public static let breakGlassRoles: Set<AccessRole> = [.carer, .coordinator, .serviceManager]

    /// The actions break glass opens (reads of a record; never writes, reports or extracts).
    public static let breakGlassActions: Set<AccessAction> = [.streamRead, .timelineRead]

    /// The event types a carer may append: what they did at a visit, and the MAR.
    public static let carerEventTypes: Set<String> = [
        VisitCheckedIn.eventType, VisitCheckedOut.eventType, MedicationRecorded.eventType,
        MedicationErrorRecorded.eventType,
    ]

    /// Event types no one appends as care events: grants go through the access commands, reads
    /// are recorded by the service itself.
    public static let reservedEventTypes: Set<String> = [
        AccessGranted.eventType, AccessRevoked.eventType, RecordAccessed.eventType,
    ]

    /// The reports no team or service scope can be limited to, by kind, with what they cover: a
    /// coordinator or service manager granted a team or service is refused them saying so
    /// (every other report they may have over their scope).
    public static let partnershipWideReports: [String: String] = [
        "improvement-rag": "it rates the partnership's improvement programme",
        "difference": "it lists changes to every record between two log positions",
    ]

    /// Decides whether `subject` may take `action` on `resource` on `day`.
    ///
    /// - Parameters:
    ///   - breakGlassReason: the reason the subject stated for reading outside their scope, if any.
    ///   - allowedEventTypes: for an API key, the event types its configuration allows it to append.
    public static func decide(
        subject: String, action: AccessAction, resource: AccessResource, on day: CareDate,
        register: AccessRegister, breakGlassReason: String? = nil, allowedEventTypes: Set<String> = []
    ) -> AccessDecision {
        let grants = register.grants(for: subject, on: day)
        guard !grants.isEmpty else {
            return .refused(
                AccessRefusal(
                    kind: .noGrant,
                    message:
                        "you hold no access grant in force on \(day.iso8601); ask an administrator to grant you a role"
                ))
        }
        var verdicts: [(grant: AccessGrant, verdict: Verdict)] = []
        for grant in grants {
            let verdict = judge(
                grant, action: action, resource: resource, day: day, register: register,
                allowedEventTypes: allowedEventTypes)
            if case .inScope = verdict { return .allowed(grant: grant, breakGlass: false) }
            verdicts.append((grant, verdict))
        }
        let stated = breakGlassReason.map { $0.contains { !$0.isWhitespace } } ?? false
        let canBreakGlass = verdicts.first { entry in
            if case .outOfScope = entry.verdict {
                return breakGlassRoles.contains(entry.grant.role) && breakGlassActions.contains(action)
            }
            return false
        }
        if let entry = canBreakGlass, stated { return .allowed(grant: entry.grant, breakGlass: true) }
        if let entry = canBreakGlass {
            return .refused(
                AccessRefusal(
                    kind: .outOfScope, role: entry.grant.role, grantId: entry.grant.grantId,
                    message: "this record is outside the scope of your \(entry.grant.role.rawValue) role "
                        + "(\(describe(entry.grant))) on \(day.iso8601); in an emergency, state a reason to read it "
                        + "(break glass: the read is flagged in the access report), or ask an administrator for access"
                ))
        }
        // The most specific refusal: out of scope, then a refused type, then a role that does not permit it.
        for kind in [AccessRefusal.Kind.outOfScope, .notPseudonymised, .eventTypeNotAllowed, .roleNotPermitted] {
            for entry in verdicts {
                if case .refused(let refusal) = entry.verdict, refusal.kind == kind { return .refused(refusal) }
            }
        }
        let roles = Set(grants.map(\.role.rawValue)).sorted().joined(separator: ", ")
        return .refused(
            AccessRefusal(
                kind: .roleNotPermitted, role: grants.first?.role, grantId: grants.first?.grantId,
                message: "your role (\(roles)) does not permit \(action.rawValue)"))
    }

    /// One grant's verdict on a request.
    private enum Verdict {
        case inScope
        case outOfScope
        case refused(AccessRefusal)
    }

    private static func judge(
        _ grant: AccessGrant, action: AccessAction, resource: AccessResource, day: CareDate,
        register: AccessRegister, allowedEventTypes: Set<String>
    ) -> Verdict {
        func refuse(_ kind: AccessRefusal.Kind, _ message: String) -> Verdict {
            .refused(AccessRefusal(kind: kind, role: grant.role, grantId: grant.grantId, message: message))
        }
        guard permittedActions[grant.role, default: []].contains(action) else {
            return refuse(
                .roleNotPermitted, "your role (\(grant.role.rawValue)) does not permit \(action.rawValue)")
        }
        if case .events(let type, _, _) = resource {
            if reservedEventTypes.contains(type) {
                return refuse(
                    .eventTypeNotAllowed,
                    "\(type) is not appended as a care event: access is granted with the access commands, and reads are recorded by the service"
                )
            }
            switch grant.role {
            case .feed:
                return allowedEventTypes.contains(type)
                    ? .inScope : refuse(.eventTypeNotAllowed, "this API key may not append \(type) events")
            case .carer where !carerEventTypes.contains(type):
                return refuse(
                    .eventTypeNotAllowed,
                    "a carer records visit check-ins and check-outs and medication; \(type) needs a coordinator")
            default: break
            }
        }
        switch grant.role {
        case .auditor, .administrator, .feed:
            return .inScope
        case .inspector:
            if case .extract(_, false) = resource {
                return refuse(
                    .notPseudonymised, "inspectors receive pseudonymised extracts only; ask for the pseudonymised form")
            }
            return .inScope
        case .carer:
            guard let staffId = grant.staffId, let person = person(of: resource, register: register) else {
                return .outOfScope
            }
            return register.scheduledPeople(ofStaff: staffId, on: day).contains(person) ? .inScope : .outOfScope
        case .coordinator, .serviceManager:
            if covers(grant.scope, resource: resource, day: day, register: register) { return .inScope }
            if case .report(let kind, _) = resource {
                if let what = partnershipWideReports[kind] {
                    return refuse(
                        .outOfScope,
                        "the \(kind) report is partnership-wide only (\(what)), so your \(grant.role.rawValue) role "
                            + "(\(grant.scope.text)) on \(day.iso8601) does not cover it and it cannot be limited to "
                            + "your scope; ask an administrator for a partnership grant")
                }
                return refuse(
                    .outOfScope,
                    "a report for your \(grant.role.rawValue) role (\(grant.scope.text)) on \(day.iso8601) must be "
                        + "limited to that scope: ask for it over your team or service (team= or service=; "
                        + "--team or --service), or ask an administrator for a partnership grant")
            }
            return .outOfScope
        }
    }

    /// Whether a team, service or partnership scope covers the resource on `day`.
    private static func covers(
        _ scope: AccessScope, resource: AccessResource, day: CareDate, register: AccessRegister
    ) -> Bool {
        if scope.kind == .partnership { return true }
        switch resource {
        case .report(_, let covered):
            if covered == scope { return true }
            // A service covers a report limited to one of its teams: a team whose people's services
            // that day are all in the grant's locality (a team serving elsewhere too is not covered).
            guard scope.kind == .service, covered.kind == .team, let locality = scope.id, let team = covered.id
            else { return false }
            return register.localities(ofTeam: team, on: day) == [locality]
        case .extract:
            return false
        case .accessLog, .grants, .log:
            return true  // not a part of the record: the role alone decides
        case .person, .stream, .events:
            guard let person = person(of: resource, register: register), let id = scope.id else { return false }
            let belongs = register.scope(ofPerson: person, on: day)
            return scope.kind == .team ? belongs.teams.contains(id) : belongs.localities.contains(id)
        }
    }

    /// The person a resource belongs to, or `nil` for a service record (or a visit not known yet).
    public static func person(of resource: AccessResource, register: AccessRegister) -> String? {
        switch resource {
        case .person(let id): return id
        case .stream(let stream): return person(ofStream: stream, register: register)
        case .events(_, let stream, let personId): return personId ?? person(ofStream: stream, register: register)
        case .report, .extract, .accessLog, .grants, .log: return nil
        }
    }

    private static func person(ofStream stream: StreamName, register: AccessRegister) -> String? {
        switch StreamKind(rawValue: String(stream.kind)) {
        case .person?, .medication?: return String(stream.id)
        case .visit?: return register.person(ofVisit: String(stream.id))
        default: return nil
        }
    }

    private static func describe(_ grant: AccessGrant) -> String {
        grant.role == .carer ? "the people on your schedule" : grant.scope.text
    }
}
