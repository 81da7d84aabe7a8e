import ArgumentParser

/// Not yet built; see Docs/reliability.md.
struct ConcurrentConflict: ParsableCommand {
    func run() throws { throw ValidationError("ConcurrentConflict is not built yet") }
}
