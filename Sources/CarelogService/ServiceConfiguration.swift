import Foundation

/// The service's configuration file (JSON): who may sign in and how much it accepts.
///
/// ```json
/// {
///   "issuer": "https://login.example.scot/realms/partnership",
///   "audience": "carelog",
///   "jwksFile": "jwks.json",
///   "apiKeys": [{"name": "ecm-feed", "sha256": "<64 hex digits>", "eventTypes": ["VisitCheckedIn"]}],
///   "maximumBodyBytes": 1048576,
///   "warm": {"enabled": true, "reportingDates": ["2026-12-31"]}
/// }
/// ```
///
/// `jwksFile` is read from disk (never fetched); a relative path is taken from the configuration
/// file's folder. API keys are stored only as the SHA-256 of the key (hex).
package struct ServiceConfiguration: Codable, Sendable, Hashable {
    /// The `iss` every bearer token must carry.
    package var issuer: String
    /// The `aud` every bearer token must include.
    package var audience: String
    /// The JSON Web Key Set file holding the identity provider's public keys (RS256, ES256).
    package var jwksFile: String
    /// Machine clients (the ECM feed) and what each may append.
    package var apiKeys: [APIKeyEntry]
    /// The largest request body accepted, in bytes (default 1 MiB).
    package var maximumBodyBytes: Int?
    /// The report warmer (``ReportWarmingConfiguration``; default: on, today only).
    package var warm: ReportWarmingConfiguration?

    package init(
        issuer: String, audience: String, jwksFile: String, apiKeys: [APIKeyEntry] = [], maximumBodyBytes: Int? = nil,
        warm: ReportWarmingConfiguration? = nil
    ) {
        self.issuer = issuer
        self.audience = audience
        self.jwksFile = jwksFile
        self.apiKeys = apiKeys
        self.maximumBodyBytes = maximumBodyBytes
        self.warm = warm
    }

    /// The body limit in force.
    package var bodyLimit: Int { maximumBodyBytes ?? 1 << 20 }

    /// Reads and checks the configuration file at `path`.
    package static func load(path: String) throws(ServiceSetupError) -> ServiceConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .configuration("cannot read the --config file; give a readable JSON file")
        }
        var configuration: ServiceConfiguration
        do { configuration = try JSONDecoder().decode(ServiceConfiguration.self, from: data) } catch {
            throw .configuration("the --config file is not valid: \(Self.describe(error))")
        }
        if !configuration.jwksFile.hasPrefix("/") {
            let folder = (path as NSString).deletingLastPathComponent
            configuration.jwksFile = (folder as NSString).appendingPathComponent(configuration.jwksFile)
        }
        try configuration.check()
        return configuration
    }

    /// Rejects empty issuers and audiences, malformed key hashes and duplicate key names.
    package func check() throws(ServiceSetupError) {
        if issuer.isEmpty { throw .configuration("issuer must not be empty") }
        if audience.isEmpty { throw .configuration("audience must not be empty") }
        if let maximumBodyBytes, maximumBodyBytes < 1 { throw .configuration("maximumBodyBytes must be positive") }
        _ = try warm?.dates()
        var names = Set<String>()
        for (index, key) in apiKeys.enumerated() {
            if key.name.isEmpty { throw .configuration("apiKeys[\(index)].name must not be empty") }
            if !names.insert(key.name).inserted { throw .configuration("apiKeys[\(index)].name is used twice") }
            if APIKeyEntry.normalisedHash(key.sha256) == nil {
                throw .configuration("apiKeys[\(index)].sha256 must be 64 hexadecimal digits")
            }
        }
    }

    /// A decoding error's field path, never the value.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        default:
            return "not a JSON object of the documented form"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        if text.hasPrefix(".") { text.removeFirst() }
        return text
    }
}
