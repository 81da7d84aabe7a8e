import ArgumentParser

/// Not yet built; see Docs/reliability.md.
struct Tamper: ParsableCommand {
    func run() throws { throw ValidationError("Tamper is not built yet") }
}
