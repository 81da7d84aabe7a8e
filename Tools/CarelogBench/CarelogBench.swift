import ArgumentParser

/// Benchmarks for the Carelog store and projections. Run in a release build; the script
/// `Tools/bench.sh` runs it beside the reference programs so ratios come from one run.
@main
struct CarelogBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carelog-bench",
        abstract: "Measure Carelog's store and projections (medians of repeated runs).",
        subcommands: [
            StoreBenchmark.self, ProjectionBenchmark.self, SubscriptionBenchmark.self, SubscriptionWriter.self,
            ProofBenchmark.self,
        ])
}
