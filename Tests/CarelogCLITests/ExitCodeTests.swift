import CarelogCLI
import Foundation
import Testing

/// The exit-code contract: 0, 1, 64, 65, 69, 74, 75; errors on stderr in one line.
@Suite struct ExitCodeTests {
    func store(_ cli: CLIHarness) -> String {
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        _ = cli.append(["--store", store], event: Fixture.serviceStarted)
        return store
    }

    @Test func successIsZero() {
        let cli = CLIHarness()
        let store = store(cli)
        let run = cli.run(["log", "--store", store])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
    }

    @Test func usageErrorsAre64() {
        let cli = CLIHarness()
        let store = store(cli)
        #expect(cli.run(["log", "--store", store, "--bogus"]).exitCode == 64)
        #expect(cli.run(["log", "--store", store, "--stream", "not a stream"]).exitCode == 64)
        #expect(cli.run(["log", "--store", store, "--type", "NoSuchEvent"]).exitCode == 64)
        #expect(cli.run(["import", "--store", store, "--chunk", "0", "x.ndjson"]).exitCode == 64)
        #expect(cli.run(["report", "rag", "--store", store, "--quarter", "2020-Q5"]).exitCode == 64)
        #expect(
            cli.run(["report", "compliance", "--store", store, "--from", "2020-03-01", "--to", "2020-01-01"]).exitCode
                == 64)
        #expect(cli.run(["nonsense"]).exitCode == 64)
        let run = cli.append(["--store", store, "--expected-version", "soon"], event: "{}")
        #expect(run.exitCode == 64)
        #expect(!run.stderr.isEmpty)
        #expect(run.stdout == "")
    }

    @Test func invalidInputIs65AndAppendsNothing() {
        let cli = CLIHarness()
        let store = store(cli)
        let run = cli.append(["--store", store], event: Fixture.invalidCheckIn)
        #expect(run.exitCode == 65)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("error: line 1: VisitCheckedIn"))
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
        #expect(cli.append(["--store", store], event: "not json").exitCode == 65)
        // A reference to a person who does not exist.
        let orphan = Fixture.visitScheduled.replacingOccurrences(of: "\"P001\"", with: "\"P999\"")
        let missing = cli.append(["--store", store], event: orphan)
        #expect(missing.exitCode == 65)
        #expect(missing.stderr.contains("refers to a person stream that does not exist yet"))
        #expect(!missing.stderr.contains("P999"))
        #expect(cli.run(["checkpoint", "--store", store]).stdout.contains("\"sequence\" : 1,"))
    }

    @Test func storeErrorsAre74() {
        let cli = CLIHarness()
        #expect(cli.run(["log", "--store", cli.path("missing")]).exitCode == 74)
        let store = store(cli)
        let again = cli.run(["init", "--store", store])
        #expect(again.exitCode == 74)
        #expect(again.stderr == "error: a store already exists at \(store); choose another --store path\n")
        #expect(cli.run(["import", "--store", store, cli.path("no-such-file.ndjson")]).exitCode == 74)
    }

    @Test func expectedVersionConflictIs75() {
        let cli = CLIHarness()
        let store = store(cli)
        let run = cli.append(
            ["--store", store, "--expected-version", "5"],
            event: Fixture.visitScheduled.replacingOccurrences(of: "visit/V001", with: "visit/V009"))
        #expect(run.exitCode == 75)
        #expect(run.stderr.contains("conflict on visit/V009"))
        let ok = cli.append(["--store", store, "--expected-version", "noStream"], event: Fixture.visitScheduled)
        #expect(ok.exitCode == 0)
    }

    @Test func verifyProblemIs1() {
        let cli = CLIHarness()
        let store = store(cli)
        let other = cli.path("other")
        _ = cli.run(["init", "--store", other])
        let checkpoint = cli.path("other.json")
        _ = cli.run(["checkpoint", "--store", other, "--output", checkpoint])
        let run = cli.run(["verify", "--store", store, "--checkpoint", checkpoint])
        #expect(run.exitCode == 1)
        #expect(run.stdout.hasPrefix("problem: checkpoint"))
        #expect(run.stderr.hasPrefix("error: verification found 1 problem"))
        let garbage = cli.write("garbage.json", "{}")
        #expect(cli.run(["verify", "--store", store, "--checkpoint", garbage]).exitCode == 65)
    }

    @Test func everyCommandHasHelpWithAnExample() {
        let cli = CLIHarness()
        let commands: [[String]] = [
            [], ["init"], ["append"], ["import"], ["log"], ["history"], ["verify"], ["checkpoint"], ["backup"],
            ["report"],
            ["report", "review-due"], ["report", "compliance"], ["report", "rag"], ["extract"],
            ["extract", "notifications"],
            ["demo"],
        ]
        for command in commands {
            let run = cli.run(command + ["--help"])
            #expect(run.exitCode == 0, "\(command)")
            #expect(run.stdout.contains("Example"), "\(command)")
            #expect(run.stderr == "")
        }
    }
}
