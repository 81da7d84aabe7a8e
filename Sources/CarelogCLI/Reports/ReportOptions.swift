import ArgumentParser
import CareCalendar
import CareRecord
import CarelogOperations
import EventLog
import Foundation
import Reports

/// The options every report and extract takes: reporting date, log point, format, output and
/// manifest files.
package struct ReportOptions: ParsableArguments {
    @OptionGroup package var storeOptions: StoreOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The reporting date, YYYY-MM-DD (default: today, UK time).", valueName: "date"))
    package var asAt: CareDateArgument?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the log as known at a sequence number, an instant, or the end of a date (default: head).",
            valueName: "seq|timestamp"))
    package var knownAt: KnownAtArgument?

    @Option(name: .long, help: "markdown, csv, json, html or docx (docx needs --output).")
    package var format: ReportFormat = .markdown

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write to this file (created 0600) instead of standard output; never inside a store.", valueName: "file"))
    package var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the manifest (log position, parameters, SHA-256) to this file (extracts: default OUTPUT.manifest.json).",
            valueName: "file"))
    package var manifest: String?

    @Flag(name: .long, help: "Replace an existing --output or --manifest file.")
    package var force = false

    package init() {}

    /// The reporting date: `--as-at`, else today in UK time by the environment's clock.
    func asAtDate(_ environment: CommandEnvironment) -> CareDate {
        asAt?.date ?? UKTime.ukDate(epochMilliseconds: environment.clock().millisecondsSinceEpoch)
    }

    /// The log point asked for: `--known-at`, else the head.
    var knownAtPoint: KnownAt { knownAt?.knownAt ?? .head }

    /// The manifest file: `--manifest`, else (when `manifestByDefault`) OUTPUT.manifest.json.
    func manifestPath(byDefault manifestByDefault: Bool) -> String? {
        manifest ?? (manifestByDefault ? output.map { $0 + ".manifest.json" } : nil)
    }

    /// Refuses the output and manifest paths before any work (inside a store, existing without
    /// `--force`, the same file twice).
    func checkFiles(_ environment: CommandEnvironment, manifestByDefault: Bool) throws(CarelogError) {
        let store = storeOptions.path(in: environment)
        let outputTarget = try output.map { path throws(CarelogError) in
            try OutputFile.check(path, force: force, store: store)
        }
        if let manifestPath = manifestPath(byDefault: manifestByDefault) {
            let target = try OutputFile.check(manifestPath, force: force, store: store, option: "--manifest")
            if target == outputTarget { throw .usage("--manifest must name a different file from --output") }
        }
    }

    /// Writes the report to `--output` (0600) or standard output, and its manifest when asked.
    func write(_ report: RenderedReport, _ environment: CommandEnvironment, manifestByDefault: Bool = false)
        throws(CarelogError)
    {
        try checkFiles(environment, manifestByDefault: manifestByDefault)
        let store = storeOptions.path(in: environment)
        if output == nil && report.isBinary {
            throw .usage("--format \(report.manifest.format) is a binary file: give --output FILE to write it")
        }
        if let output {
            try OutputFile.write(report.bytes, to: output, force: force, store: store)
            environment.output.line("wrote \(output)")
        } else {
            environment.output.write(report.text.unicodeScalars.last == "\n" ? report.text : report.text + "\n")
        }
        guard let manifestPath = manifestPath(byDefault: manifestByDefault) else { return }
        try OutputFile.write(
            report.manifest.jsonBytes() + [10], to: manifestPath, force: force, store: store, option: "--manifest")
        if output != nil { environment.output.line("wrote \(manifestPath)") }
    }
}

/// `--from/--to` for period reports.
package struct PeriodOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "First day of the period, YYYY-MM-DD (default: start of the as-at quarter).", valueName: "date"))
    package var from: CareDateArgument?

    @Option(
        name: .long,
        help: ArgumentHelp("Last day of the period, YYYY-MM-DD (default: the as-at date).", valueName: "date"))
    package var to: CareDateArgument?

    package init() {}

    package func validate() throws {
        if let from, let to, from.date > to.date { throw ValidationError("--from must not be after --to") }
    }

    /// The period: `--from` (default: first day of the as-at quarter) to `--to` (default: as at).
    func period(asAt: CareDate) -> ClosedRange<CareDate> {
        // validate() has refused --from after --to, the only error ReportPeriod throws.
        (try? ReportPeriod.period(from: from?.date, to: to?.date, asAt: asAt)) ?? asAt...asAt
    }
}

/// `--no-cache` for the reports whose folds resume from projection checkpoints.
package struct CacheOptions: ParsableArguments {
    /// Rebuilds from the whole log without reading or saving projection checkpoints.
    @Flag(
        name: .customLong("no-cache"),
        help: "Fold the whole log, ignoring and not updating the projection cache in <store>/cache.")
    package var noCache = false

    package init() {}

    /// The projection cache of the store at `storePath`, or nil with `--no-cache`.
    func open(storePath: String) -> ReportCache? { ReportCache.open(storePath: storePath, disabled: noCache) }
}

/// `--team` / `--service` for the reports a team or service can be limited to
/// (``CarelogOperations/ReportWiring/scopableKinds``).
package struct ScopeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only this team: its people (by their latest ServiceStarted as at the reporting date), its staff, and "
                + "the visits, complaints and notifications the report attributes to it.",
            valueName: "team"))
    package var team: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only the teams of this service (locality), as ServiceStarted places them by the reporting date.",
            valueName: "locality"))
    package var service: String?

    package init() {}

    package func validate() throws {
        if team != nil, service != nil { throw ValidationError("give --team or --service, not both") }
        for (option, value) in [("--team", team), ("--service", service)] {
            if let value, StreamName(kind: "team", id: value) == nil {
                throw ValidationError("\(option) must be an identifier (letters, digits and . _ : -)")
            }
        }
    }

    /// The scope asked for, or nil for the whole partnership.
    var scope: AccessScope? { team.map(AccessScope.team) ?? service.map(AccessScope.service) }
}

extension ReportOptions {
    /// Runs the period report `kind` as its command does: the request from these options and
    /// `period`, the store opened read-only, folds resumed from the projection cache in
    /// `<store>/cache` unless `--no-cache`, and the report written where the options say.
    func runPeriodReport(
        _ kind: ReportKind, period: PeriodOptions, cache: CacheOptions, scope: ScopeOptions? = nil,
        _ environment: CommandEnvironment
    ) throws {
        let asAt = asAtDate(environment)
        var request = ReportRequest(
            asAt: asAt, knownAt: knownAtPoint, period: period.period(asAt: asAt), format: format)
        request.scope = scope?.scope
        try checkFiles(environment, manifestByDefault: false)
        let path = storeOptions.path(in: environment)
        let store = try StoreAccess.open(path, environment, readOnly: true)
        try write(try ReportWiring.report(kind, request, store: store, cache: cache.open(storePath: path)), environment)
    }
}
