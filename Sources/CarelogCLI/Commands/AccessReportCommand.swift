import ArgumentParser
import CarelogOperations

/// `carelog report access`.
package struct AccessReportCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "access",
        abstract:
            "Who read a person's record (or what a user read) in a period, with refusals and break glass flagged.",
        discussion: """
            Lists every RecordAccessed fact the service recorded on the Europe/London days \
            from --from to --to (default: the as-at quarter to the as-at date): who, when, \
            role, action, target and parameters, the reason given and the outcome. Refusals \
            and break-glass reads (outside the reader's scope, on a stated reason) are also \
            listed on their own. Give exactly one of --person and --subject. See Docs/access.md.

            Example:
              carelog report access --person P000101 --from 2020-01-01 --to 2020-03-31
              carelog report access --subject oidc-sub-123 --from 2020-03-01 --to 2020-03-31 --format csv
            """)

    @OptionGroup package var options: ReportOptions
    @OptionGroup package var period: PeriodOptions

    @Option(name: .long, help: ArgumentHelp("The person whose record was read.", valueName: "id"))
    package var person: String?

    @Option(
        name: .long, help: ArgumentHelp("The identity (OIDC sub or API key name) whose reads to list.", valueName: "id")
    )
    package var subject: String?

    package init() {}

    package func validate() throws {
        if (person == nil) == (subject == nil) { throw ValidationError("give exactly one of --person and --subject") }
    }

    package func run(in environment: CommandEnvironment) throws {
        let asAt = options.asAtDate(environment)
        var request = ReportRequest(
            asAt: asAt, knownAt: options.knownAtPoint, period: period.period(asAt: asAt), format: options.format)
        request.personId = person
        request.subject = subject
        try options.checkFiles(environment, manifestByDefault: false)
        let store = try StoreAccess.open(options.storeOptions.path(in: environment), environment, readOnly: true)
        try options.write(try ReportWiring.accessReport(request, store: store), environment)
    }
}
