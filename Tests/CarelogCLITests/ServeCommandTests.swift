import Testing

/// `carelog serve` start-up failures: exit codes and messages that name the field, not the value.
@Suite struct ServeCommandTests {
    @Test func aMissingConfigurationFileIsAUsageError() {
        let cli = CLIHarness()
        let run = cli.run(["serve", "--store", cli.path("store"), "--config", cli.path("absent.json")])
        #expect(run.exitCode == 64)
        #expect(run.stderr.contains("--config"))
    }

    @Test func aConfigurationWithABadKeyHashIsRefusedWithoutEchoingIt() {
        let cli = CLIHarness()
        let config = cli.write(
            "config.json",
            #"{"issuer":"i","audience":"a","jwksFile":"k.json","apiKeys":[{"name":"ecm","sha256":"plain-secret","eventTypes":[]}]}"#
        )
        let run = cli.run(["serve", "--store", cli.path("store"), "--config", config])
        #expect(run.exitCode == 64)
        #expect(run.stderr.contains("apiKeys[0].sha256"))
        #expect(!run.stderr.contains("plain-secret"))
    }

    @Test func anOutOfRangePortIsAUsageError() {
        let cli = CLIHarness()
        let run = cli.run(["serve", "--config", cli.path("c.json"), "--port", "70000"])
        #expect(run.exitCode == 64)
    }
}
