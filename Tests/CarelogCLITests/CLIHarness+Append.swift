import EventLog

extension CLIHarness {
    /// Runs `carelog append` with `arguments` and the event on standard input.
    func append(_ arguments: [String], event: String, clock: Timestamp = CLIHarness.fixedClock) -> Run {
        let saved = standardInput
        defer { standardInput = saved }
        standardInput = Array(event.utf8)
        return run(["append"] + arguments, clock: clock)
    }
}
