import ArgumentParser

/// A `carelog` subcommand that runs against a ``CommandEnvironment`` instead of the process,
/// so tests can run it in-process with a fixed clock and captured output.
package protocol EnvironmentCommand: ParsableCommand {
    /// Does the work; throws ``CLIError`` (or any error ``CLIError/from(_:)`` classifies).
    func run(in environment: CommandEnvironment) throws
}
