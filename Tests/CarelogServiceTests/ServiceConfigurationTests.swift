import CareCalendar
import Foundation
import Testing

@testable import CarelogService

/// Loading `--config`: the JWKS path, key hashes, and messages that never echo a value.
@Suite struct ServiceConfigurationTests {
    private func write(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-service-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("config.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aRelativeKeySetPathIsTakenFromTheConfigurationsFolder() throws {
        let hash = String(repeating: "ab", count: 32)
        let path = try write(
            #"{"issuer":"i","audience":"a","jwksFile":"keys.json","apiKeys":[{"name":"ecm","sha256":"\#(hash)","eventTypes":[]}]}"#
        )
        let configuration = try ServiceConfiguration.load(path: path)
        #expect(configuration.jwksFile == (path as NSString).deletingLastPathComponent + "/keys.json")
        #expect(configuration.bodyLimit == 1 << 20)
    }

    @Test func aKeyHashThatIsNotSHA256HexIsRefusedWithoutEchoingIt() throws {
        let path = try write(
            #"{"issuer":"i","audience":"a","jwksFile":"/k.json","apiKeys":[{"name":"ecm","sha256":"secret-key","eventTypes":[]}]}"#
        )
        let error = #expect(throws: ServiceSetupError.self) { try ServiceConfiguration.load(path: path) }
        let text = String(describing: error)
        #expect(text.contains("apiKeys[0].sha256"))
        #expect(!text.contains("secret-key"))
    }

    @Test func aMissingFieldIsNamed() throws {
        let path = try write(#"{"issuer":"i","jwksFile":"/k.json","apiKeys":[]}"#)
        #expect(throws: ServiceSetupError.configuration("the --config file is not valid: missing field audience")) {
            try ServiceConfiguration.load(path: path)
        }
    }

    @Test func theWarmMemberIsOptionalAndABadReportingDateIsNamedByItsPlaceNotEchoed() throws {
        let plain = try ServiceConfiguration.load(
            path: try write(#"{"issuer":"i","audience":"a","jwksFile":"/k.json","apiKeys":[]}"#))
        #expect(plain.warm == nil)
        let off = try ServiceConfiguration.load(
            path: try write(
                #"{"issuer":"i","audience":"a","jwksFile":"/k.json","apiKeys":[],"warm":{"enabled":false,"reportingDates":["2020-12-31"]}}"#
            ))
        #expect(off.warm?.isEnabled == false)
        #expect(try off.warm?.dates() == [CareDate(year: 2020, month: 12, day: 31)!])
        let path = try write(
            #"{"issuer":"i","audience":"a","jwksFile":"/k.json","apiKeys":[],"warm":{"reportingDates":["2020-12-31","31/12/2020"]}}"#
        )
        #expect(
            throws: ServiceSetupError.configuration("warm.reportingDates[1] must be a date written YYYY-MM-DD")
        ) { try ServiceConfiguration.load(path: path) }
    }

    @Test func aKeySetWithoutUsableKeysIsRefused() async throws {
        let configuration = ServiceConfiguration(issuer: "i", audience: "a", jwksFile: "/k.json")
        await #expect(throws: ServiceSetupError.self) {
            try await Authenticator(configuration: configuration, jwksJSON: #"{"keys":[]}"#)
        }
    }
}
