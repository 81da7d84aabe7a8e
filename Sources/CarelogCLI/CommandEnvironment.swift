import CarelogOperations
import EventLog
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a command takes from the outside world: the clock, where output goes, the
/// environment variables, standard input and whether standard error is a terminal.
///
/// The real entry point fills it from the process (``process()``); tests build one with a
/// fixed clock and captured output, so a command's whole output can be compared exactly.
/// Nothing in Carelog reads the system clock except the clock made here.
package struct CommandEnvironment: Sendable {
    /// The time of recording (`recordedAt`) and of validation ("now").
    package var clock: @Sendable () -> Timestamp
    /// Standard output: data.
    package var output: any TextOutput
    /// Standard error: errors and progress.
    package var errorOutput: any TextOutput
    /// Environment variables (e.g. `CARELOG_STORE`).
    package var variables: [String: String]
    /// Reads all of standard input.
    package var readStandardInput: @Sendable () throws -> [UInt8]
    /// Whether standard error is an interactive terminal; progress bars are shown only then.
    package var errorOutputIsTerminal: Bool

    /// Creates an environment.
    package init(
        clock: @escaping @Sendable () -> Timestamp, output: any TextOutput, errorOutput: any TextOutput,
        variables: [String: String] = [:], readStandardInput: @escaping @Sendable () throws -> [UInt8] = { [] },
        errorOutputIsTerminal: Bool = false
    ) {
        self.clock = clock
        self.output = output
        self.errorOutput = errorOutput
        self.variables = variables
        self.readStandardInput = readStandardInput
        self.errorOutputIsTerminal = errorOutputIsTerminal
    }

    /// The environment of this process: the system clock, file descriptors 0, 1 and 2, the
    /// process's environment variables and `isatty(2)`. Only the `carelog` entry point calls it.
    package static func process() -> CommandEnvironment {
        CommandEnvironment(
            clock: { Timestamp(Date()) },
            output: FileDescriptorOutput(descriptor: 1),
            errorOutput: FileDescriptorOutput(descriptor: 2, bufferLimit: 0),
            variables: ProcessInfo.processInfo.environment,
            readStandardInput: { Array(FileHandle.standardInput.readDataToEndOfFile()) },
            errorOutputIsTerminal: isatty(2) == 1)
    }
}
