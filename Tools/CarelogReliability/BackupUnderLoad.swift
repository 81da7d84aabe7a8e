import ArgumentParser

/// Not yet built; see Docs/reliability.md.
struct BackupUnderLoad: ParsableCommand {
    func run() throws { throw ValidationError("BackupUnderLoad is not built yet") }
}
