import ArgumentParser

/// Not yet built; see Docs/reliability.md.
struct DiskFull: ParsableCommand {
    func run() throws { throw ValidationError("DiskFull is not built yet") }
}
