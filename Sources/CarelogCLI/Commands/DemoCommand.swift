import ArgumentParser
import CareCalendar
import CarelogOperations
import DemoPartnership
import EventLog
import Foundation
import LMDBEventLog
import Reports

/// `carelog demo`: builds a synthetic Care at Home partnership in a fresh store.
package struct DemoCommand: EnvironmentCommand {
    package static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a synthetic Care at Home partnership in a fresh store, then summarise it.",
        discussion: """
            About 1,000 people over 12 months by default: teams in three localities, staff with \
            training, supervision and SSSC registration, personal plans and reviews (some late \
            or missing), visits with electronic and manual check-ins (about 90% electronic), \
            late, missed and cancelled visits, MAR entries with refusals and errors, incidents \
            and Care Inspectorate notifications (some late, two never sent), complaints through \
            both stages, an improvement programme with quarterly updates, and a few corrections. \
            Every event goes through validation and the normal append path; recordedAt follows \
            the simulated calendar, so --known-at replays work. Deterministic for a given --seed.

            Refuses to replace an existing store unless --force.

            Example:
              carelog demo --store demo-store --force
              carelog demo --store small-demo --people 50 --months 3 --seed 7
            """)

    @OptionGroup package var storeOptions: StoreOptions

    @Option(name: .long, help: "People who receive the service during the period.")
    package var people: Int = 1000

    @Option(name: .long, help: "Length of the period in months.")
    package var months: Int = 12

    @Option(name: .long, help: "Seed for the generator (same seed, same events).")
    package var seed: UInt64 = 2020

    @Option(
        name: .long, help: ArgumentHelp("First day of the period, YYYY-MM-DD (default: 2020-01-01).", valueName: "date")
    )
    package var start: CareDateArgument?

    @Flag(name: .long, help: "Replace an existing store at the path.")
    package var force = false

    package init() {}

    package func validate() throws {
        guard (1...1_000_000).contains(people) else { throw ValidationError("--people must be 1 to 1000000") }
        guard (1...120).contains(months) else { throw ValidationError("--months must be 1 to 120") }
    }

    package func run(in environment: CommandEnvironment) throws {
        let path = storeOptions.path(in: environment)
        if StoreAccess.exists(at: path) {
            guard force else {
                throw CarelogError.storeOrIO(
                    "a store already exists at \(path); use --force to replace it, or choose another --store")
            }
            for file in ["data.mdb", "lock.mdb"] {
                let full = (path as NSString).appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: full) {
                    do { try FileManager.default.removeItem(atPath: full) } catch {
                        throw CarelogError.storeOrIO(
                            "cannot remove the old store at \(path): \(error.localizedDescription)")
                    }
                }
            }
        }
        let store = try StoreAccess.create(path, environment)
        var configuration = DemoConfiguration(seed: seed, people: people, months: months)
        if let start { configuration.startDate = start.date }
        let started = environment.clock()
        let progress = ProgressReporter(
            environment, label: "generating", total: UInt64(configuration.startDate.days(until: configuration.endDate)),
            unit: "days")
        let result: DemoBuilder.Result
        do {
            result = try DemoBuilder(configuration: configuration).build(into: store) { day, _, _ in
                progress.update(UInt64(day))
            }
        } catch {
            progress.finish()
            throw CarelogError.storeOrIO(error.description)
        }
        progress.finish()
        let seconds = Double(environment.clock().millisecondsSinceEpoch - started.millisecondsSinceEpoch) / 1000
        let out = environment.output
        let head = result.checkpoint
        out.line(
            "built the demo partnership in \(path): \(head.sequence) events, \(configuration.startDate) to \(configuration.lastDay), seed \(seed), in \(String(format: "%.1f", seconds))s"
        )
        out.line("head sequence \(head.sequence) hash \(head.headHash.hex)")
        out.line("")
        let request = ReportRequest(
            asAt: configuration.lastDay, knownAt: .head, period: configuration.startDate...configuration.lastDay,
            programme: nil, quarter: nil, format: .markdown)
        do {
            out.write(try ReportWiring.demoSummary(store: store, request: request))
        } catch {
            for line in result.counts.summaryLines { out.line(line) }
        }
        let storeFlag = "--store \(path)"
        let q = Quarter.containing(configuration.lastDay)
        out.line("")
        out.line("Try next:")
        out.line("  carelog report rag \(storeFlag) --quarter \(q.year)-Q\(q.number) --as-at \(configuration.lastDay)")
        out.line("  carelog report review-due \(storeFlag) --as-at \(configuration.lastDay)")
        out.line(
            "  carelog report compliance \(storeFlag) --from \(configuration.startDate) --to \(configuration.lastDay) --as-at \(configuration.lastDay)"
        )
        out.line(
            "  carelog extract notifications \(storeFlag) --from \(configuration.startDate) --to \(configuration.lastDay) --format csv --output notifications.csv"
        )
        out.line("  carelog verify-extract notifications.csv \(storeFlag)")
        out.line("  carelog log \(storeFlag) --stream person/P00001")
        out.line("  carelog history \(storeFlag) person/P00001")
        out.line("  carelog verify \(storeFlag)")
    }
}
