import ArgumentParser

/// Projection figures over a demo log (wired once the projections land).
struct ProjectionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "projections", abstract: "Projection rebuild figures over a demo store.")
    func run() throws { throw ValidationError("projection benchmarks are not built yet") }
}
