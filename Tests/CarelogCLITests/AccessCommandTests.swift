import Foundation
import Testing

@Suite("carelog access and carelog report access")
struct AccessCommandTests {
    let secret = "SENTINEL-private-value"

    /// A store with one person, and the harness.
    func setUp() -> (CLIHarness, String) {
        let cli = CLIHarness()
        let store = cli.path("store")
        _ = cli.run(["init", "--store", store])
        _ = cli.append(["--store", store], event: Fixture.serviceStarted)
        return (cli, store)
    }

    @Test("grant, list, revoke and list again: the grant is in force until the day it is revoked from")
    func roundTrip() throws {
        let (cli, store) = setUp()
        let granted = cli.run([
            "access", "grant", "--store", store, "--subject", "oidc-sub-1", "--role", "coordinator", "--scope",
            "team:barrhead", "--from", "2020-01-01", "--granted-by", "staff/S001",
        ])
        #expect(granted.exitCode == 0, "\(granted.stderr)")
        #expect(granted.stdout == "granted G000001 (sequence 2)\n")
        let carer = cli.run([
            "access", "grant", "--store", store, "--subject", "oidc-sub-2", "--role", "carer", "--scope",
            "team:barrhead", "--from", "2020-01-01", "--to", "2020-12-31", "--granted-by", "staff/S001",
            "--staff-id", "S001",
        ])
        #expect(carer.stdout == "granted G000002 (sequence 3)\n")

        let listed = cli.run(["access", "list", "--store", store, "--as-at", "2020-03-01"])
        #expect(listed.exitCode == 0)
        #expect(
            listed.stdout == """
                2 grants in force on 2020-03-01
                G000001  oidc-sub-1  coordinator  team:barrhead  -  2020-01-01  open  granted by staff/S001
                G000002  oidc-sub-2  carer  team:barrhead  S001  2020-01-01  2020-12-31  granted by staff/S001

                """)

        let revoked = cli.run([
            "access", "revoke", "--store", store, "--grant", "G000001", "--from", "2020-03-01", "--revoked-by",
            "staff/S001",
        ])
        #expect(revoked.exitCode == 0, "\(revoked.stderr)")
        #expect(revoked.stdout == "revoked G000001 from 2020-03-01 (sequence 4)\n")
        let before = cli.run(["access", "list", "--store", store, "--as-at", "2020-02-29"])
        #expect(before.stdout.hasPrefix("2 grants in force on 2020-02-29\n"))
        let after = cli.run(["access", "list", "--store", store, "--as-at", "2020-03-01"])
        #expect(after.stdout.hasPrefix("1 grants in force on 2020-03-01\nG000002"))
        // Replayed as the log stood before the revocation.
        let replay = cli.run(["access", "list", "--store", store, "--as-at", "2020-03-01", "--known-at", "3"])
        #expect(replay.stdout.hasPrefix("2 grants in force on 2020-03-01\n"))
    }

    @Test("bad input is refused with a usage or input error that never echoes the value")
    func refusals() throws {
        let (cli, store) = setUp()
        let base = ["access", "grant", "--store", store, "--subject", "s", "--from", "2020-01-01", "--granted-by", "x"]
        let badRole = cli.run(base + ["--role", secret, "--scope", "partnership"])
        #expect(badRole.exitCode == 64)
        let badScope = cli.run(base + ["--role", "auditor", "--scope", "region:" + secret])
        #expect(badScope.exitCode == 64)
        let carerWithoutStaff = cli.run(base + ["--role", "carer", "--scope", "team:barrhead"])
        #expect(carerWithoutStaff.exitCode == 65)
        #expect(carerWithoutStaff.stderr.contains("data.staffId"))
        let backwards = cli.run(base + ["--role", "auditor", "--scope", "partnership", "--to", "2019-12-31"])
        #expect(backwards.exitCode == 64)
        let unknownGrant = cli.run([
            "access", "revoke", "--store", store, "--grant", secret, "--from", "2020-03-01", "--revoked-by", "x",
        ])
        #expect(unknownGrant.exitCode == 64)
        for run in [badRole, badScope, carerWithoutStaff, backwards, unknownGrant] {
            #expect(!run.stderr.contains(secret))
            #expect(!run.stdout.contains(secret))
        }
    }

    @Test("the access report lists recorded reads of a person, flags break glass, and verify-extract reproduces it")
    func report() throws {
        let (cli, store) = setUp()
        let read =
            #"{"stream":"accessed/2020-01-20","type":"RecordAccessed","occurredAt":"2020-01-20T10:00:00Z","actor":"service/carelog","data":{"subject":"oidc-sub-1","role":"coordinator","grantId":"G000001","action":"timeline.read","target":{"personId":"P001"},"outcome":"allowed","breakGlass":true,"reason":"urgent: hospital asked","requestId":"r-1"}}"#
        #expect(cli.append(["--store", store], event: read).exitCode == 0)
        let output = cli.path("access.csv")
        let run = cli.run([
            "report", "access", "--store", store, "--person", "P001", "--from", "2020-01-01", "--to", "2020-01-31",
            "--as-at", "2020-01-31", "--format", "csv", "--output", output, "--manifest", output + ".manifest.json",
        ])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("breakGlass"))
        #expect(text.contains("urgent: hospital asked"))
        let verified = cli.run(["verify-extract", "--store", store, output])
        #expect(verified.exitCode == 0, "\(verified.stderr)")
        let neither = cli.run(["report", "access", "--store", store, "--from", "2020-01-01"])
        #expect(neither.exitCode == 64)
    }
}
