import ArgumentParser
import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Projections

/// `carelog access`: grant, revoke and list access (roles and scopes are events in the log).
package struct AccessCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Grant, revoke and list who may see what (AccessGranted, AccessRevoked).",
        discussion: """
            Roles: carer, coordinator, serviceManager, auditor, inspector, feed, administrator. \
            Scopes: team:ID, service:LOCALITY, partnership. What each role may do is in \
            Docs/access.md.

            Example:
              carelog access grant --subject oidc-sub-123 --role coordinator --scope team:barrhead \\
                --from 2020-01-01 --granted-by staff/S0001
              carelog access revoke --grant G000001 --from 2020-07-01 --revoked-by staff/S0001
              carelog access list --as-at 2020-03-31
            """,
        subcommands: [AccessGrantCommand.self, AccessRevokeCommand.self, AccessListCommand.self])

    package init() {}
}

/// `--scope team:ID|service:ID|partnership`.
package struct AccessScopeArgument: ExpressibleByArgument, Sendable, Hashable {
    /// The scope.
    package var scope: AccessScope

    package init?(argument: String) {
        if argument == AccessScopeKind.partnership.rawValue {
            scope = .partnership
            return
        }
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = AccessScopeKind(rawValue: parts[0]), kind != .partnership,
            StreamName(kind: "x", id: parts[1]) != nil
        else { return nil }
        scope = AccessScope(kind: kind, id: parts[1])
    }
}

extension AccessRole: ExpressibleByArgument {}

/// `carelog access grant`.
package struct AccessGrantCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Grant a role over a scope to an identity, from a day (to a day).",
        discussion: """
            Appends an AccessGranted event to a new access/<grantId> stream (the next G000001-style \
            id, or --grant-id) with --granted-by as its actor, and prints the grant id. A carer \
            needs --staff-id: their visit schedule is their scope.

            Exit codes: 0 granted; 64 usage error; 65 invalid grant; 74 store error; 75 the id was \
            taken meanwhile (retry).
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The identity: an OIDC sub, or an API key's name.", valueName: "id"))
    package var subject: String

    @Option(name: .long, help: ArgumentHelp("The role.", valueName: "role"))
    package var role: AccessRole

    @Option(name: .long, help: ArgumentHelp("team:ID, service:LOCALITY or partnership.", valueName: "scope"))
    package var scope: AccessScopeArgument

    @Option(name: .long, help: ArgumentHelp("First day in force, YYYY-MM-DD.", valueName: "date"))
    package var from: CareDateArgument

    @Option(name: .long, help: ArgumentHelp("Last day in force, YYYY-MM-DD (default: open-ended).", valueName: "date"))
    package var to: CareDateArgument?

    @Option(name: .long, help: ArgumentHelp("Who grants it (the event's actor).", valueName: "id"))
    package var grantedBy: String

    @Option(name: .long, help: ArgumentHelp("A carer's staff id.", valueName: "id"))
    package var staffId: String?

    @Option(name: .long, help: ArgumentHelp("Why it is granted.", valueName: "text"))
    package var reason: String?

    @Option(name: .long, help: ArgumentHelp("The grant id (default: the next G000001-style id).", valueName: "id"))
    package var grantId: String?

    package init() {}

    package func validate() throws {
        if let to, to.date < from.date { throw ValidationError("--to must not be before --from") }
        if !grantedBy.contains(where: { !$0.isWhitespace }) { throw ValidationError("--granted-by must not be empty") }
    }

    package func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
        let id = try grantId ?? AccessAdministration.nextGrantId(AccessAdministration.register(store))
        let granted = AccessGranted(
            subject: subject, staffId: staffId, role: role, scope: scope.scope, effectiveFrom: from.date,
            effectiveTo: to?.date, reason: reason)
        let position = try AccessAdministration.grant(
            granted, grantId: id, actor: grantedBy, now: environment.clock(), store: store)
        environment.output.line("granted \(id) (sequence \(position.sequence))")
    }
}

/// `carelog access revoke`.
package struct AccessRevokeCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a grant from a day on.",
        discussion: """
            Appends an AccessRevoked event to the grant's access/<grantId> stream with \
            --revoked-by as its actor: the grant is not in force on that day or after.
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .customLong("grant"), help: ArgumentHelp("The grant id.", valueName: "id"))
    package var grantId: String

    @Option(name: .long, help: ArgumentHelp("The first day the grant is no longer in force.", valueName: "date"))
    package var from: CareDateArgument

    @Option(name: .long, help: ArgumentHelp("Who revokes it (the event's actor).", valueName: "id"))
    package var revokedBy: String

    @Option(name: .long, help: ArgumentHelp("Why it is revoked.", valueName: "text"))
    package var reason: String?

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment)
        let position = try AccessAdministration.revoke(
            grantId: grantId, AccessRevoked(effectiveFrom: from.date, reason: reason), actor: revokedBy,
            now: environment.clock(), store: store)
        environment.output.line("revoked \(grantId) from \(from.date.iso8601) (sequence \(position.sequence))")
    }
}

/// `carelog access list`.
package struct AccessListCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Who holds which role on a day, as the log stood at a point.",
        discussion: """
            One line per grant in force on --as-at (default: today, UK time): grant id, subject, \
            role, scope, staff id, first and last day, and who granted it. --all lists every \
            grant recorded, with its revocation.
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The day, YYYY-MM-DD (default: today, UK time).", valueName: "date"))
    package var asAt: CareDateArgument?

    @Option(
        name: .long,
        help: ArgumentHelp("Read the log as known at a sequence number or instant (default: head).", valueName: "seq"))
    package var knownAt: KnownAtArgument?

    @Flag(name: .long, help: "List every grant recorded, in force or not.")
    package var all = false

    package init() {}

    package func run(in environment: CommandEnvironment) throws {
        let day = asAt?.date ?? UKTime.ukDate(epochMilliseconds: environment.clock().millisecondsSinceEpoch)
        let store = try StoreAccess.open(storeOptions.path(in: environment), environment, readOnly: true)
        let register = try AccessAdministration.register(store, knownAt: knownAt?.knownAt ?? .head)
        let grants = all ? register.allGrants : register.grants(on: day)
        environment.output.line(
            all ? "\(grants.count) grants recorded" : "\(grants.count) grants in force on \(day.iso8601)")
        for grant in grants {
            var fields = [
                grant.grantId, grant.subject, grant.role.rawValue, grant.scope.text, grant.staffId ?? "-",
                grant.effectiveFrom.iso8601, grant.effectiveTo?.iso8601 ?? "open", "granted by " + grant.grantedBy,
            ]
            if let revoked = grant.revokedFrom { fields.append("revoked from " + revoked.iso8601) }
            environment.output.line(fields.joined(separator: "  "))
        }
    }
}
