import ArgumentParser
import CarelogOperations

/// A `carelog` subcommand that runs against a ``CommandEnvironment`` instead of the process,
/// so tests can run it in-process with a fixed clock and captured output.
package protocol EnvironmentCommand: ParsableCommand {
    /// Does the work; throws ``CarelogError`` (or any error ``CarelogError/from(_:)`` classifies).
    func run(in environment: CommandEnvironment) throws
}
