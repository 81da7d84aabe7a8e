import ArgumentParser

/// Harnesses that put the store under faults and hostile input and report what survived.
/// Each takes a size (rounds, counts, seconds) so CI runs them small; `Docs/reliability.md`
/// records full-size runs.
@main
struct CarelogReliability: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carelog-reliability",
        abstract: "Fault and hostile-input harnesses for the Carelog store.",
        subcommands: [
            Writer.self, KillRounds.self, ConcurrentConflict.self, Tamper.self, DiskFull.self, BackupUnderLoad.self,
            Fuzz.self,
        ])
}
