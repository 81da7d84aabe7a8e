import ArgumentParser
import CarelogOperations

/// The root `carelog` command: record, import, replay, verify, report and extract.
package struct CarelogCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "carelog",
        abstract: "An event-sourced care record for Care at Home services.",
        discussion: """
            Every command takes --store PATH (default: $CARELOG_STORE, else ./carelog-store).
            Data goes to standard output; errors go to standard error in one line.

            Exit codes: 0 success; 1 verify found a problem; 64 usage error; 65 invalid input \
            (nothing from the failing batch appended); \
            74 store or I/O error; 75 conflict: a stream or the log moved on (safe to retry).

            Example:
              carelog demo --people 200 --months 3
              carelog log --limit 20
            """,
        subcommands: [
            InitCommand.self, AppendCommand.self, ImportCommand.self, LogCommand.self, HistoryCommand.self,
            VerifyCommand.self, VerifyExtractCommand.self, CheckpointCommand.self, BackupCommand.self,
            ReportCommand.self,
            ExtractCommand.self, DemoCommand.self,
            ProofCommand.self, WitnessCommand.self,
            CacheCommand.self,
            ServeCommand.self,
        ])

    package init() {}

    /// Runs `carelog` with `arguments` (without the program name) in `environment`, writes
    /// help, data and errors there, and returns the exit code. Never exits the process.
    package static func run(arguments: [String], environment: CommandEnvironment) -> Int32 {
        defer {
            environment.output.flush()
            environment.errorOutput.flush()
        }
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            return report(parseError: error, environment)
        }
        do {
            if let command = command as? any EnvironmentCommand {
                try command.run(in: environment)
            } else {
                // Command groups and ArgumentParser's own help command: their errors are help
                // requests or usage errors, formatted by ArgumentParser.
                do {
                    var plain = command
                    try plain.run()
                } catch {
                    return report(parseError: error, environment)
                }
            }
            return 0
        } catch let error as CarelogError {
            return report(error, environment)
        } catch  where isArgumentParserExit(error) {
            return report(parseError: error, environment)
        } catch {
            return report(CarelogError.from(error), environment)
        }
    }

    /// The process entry point: runs with the process's environment and exits with the code.
    package static func mainProcess() -> Never {
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()), environment: .process())
        Self.exit(withError: code == 0 ? nil : ExitCode(code))
    }

    private static func report(_ error: CarelogError, _ environment: CommandEnvironment) -> Int32 {
        environment.output.flush()
        environment.errorOutput.line("error: " + error.description)
        return error.exitCode
    }

    private static func report(parseError error: any Error, _ environment: CommandEnvironment) -> Int32 {
        let code = exitCode(for: error).rawValue
        var message = fullMessage(for: error)
        if code != 0 { message = withoutValues(message) }
        if code == 0 {
            if !message.isEmpty { environment.output.line(message) }
        } else {
            environment.errorOutput.line(message)
        }
        return code
    }

    /// A parse error's message with every quoted value replaced, so an argument typed in the
    /// wrong place (often a person's id) is never echoed: only option names (`--chunk`) and
    /// usage placeholders (`<file>`) stay as written.
    static func withoutValues(_ message: String) -> String {
        var out = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "'") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else {
                rest = rest[open...]
                break
            }
            let quoted = rest[afterOpen..<close]
            out += isOptionName(quoted) || quoted.hasPrefix("<") ? "'\(quoted)'" : "(a value, not shown)"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// `--name`, `-n` or `--name <value>`: an option as the usage text spells it.
    private static func isOptionName(_ text: Substring) -> Bool {
        let name = text.split(separator: " ", maxSplits: 1).first ?? ""
        guard name.hasPrefix("-"), !name.contains("=") else { return false }
        let body = name.drop { $0 == "-" }
        return !body.isEmpty && body.count <= 40 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") }
    }

    private static func isArgumentParserExit(_ error: any Error) -> Bool {
        error is CleanExit || error is ExitCode || error is ValidationError
    }
}
