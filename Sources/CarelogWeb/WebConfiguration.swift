import Foundation

/// The `web` member of the service configuration: how staff sign in to the pages with the
/// partnership's identity provider (OpenID Connect, authorization code with PKCE). Who may see
/// what is not configured here: it is the access grants in the log (`carelog access grant`), as
/// for the API.
///
/// ```json
/// "web": {
///   "authorizationEndpoint": "https://login.example.scot/realms/partnership/protocol/openid-connect/auth",
///   "tokenEndpoint": "https://login.example.scot/realms/partnership/protocol/openid-connect/token",
///   "clientId": "carelog-web",
///   "clientSecretFile": "client-secret.txt",
///   "redirectURI": "https://carelog.example.scot/web/callback"
/// }
/// ```
///
/// The ID token is checked against the service's `issuer` and `jwksFile` with `clientId` as its
/// audience. The client secret comes from `clientSecretFile` (relative to the configuration
/// file) or the environment variable `clientSecretEnvironment` names; never from the JSON itself.
package struct WebConfiguration: Codable, Hashable, Sendable {
    /// Where the browser is sent to sign in.
    package var authorizationEndpoint: String
    /// Where the service exchanges the code for tokens (a back-channel POST).
    package var tokenEndpoint: String
    /// This service's client id at the identity provider (the ID token's audience).
    package var clientId: String
    /// A file holding the client secret, if the provider needs one.
    package var clientSecretFile: String?
    /// An environment variable holding the client secret, if the provider needs one.
    package var clientSecretEnvironment: String?
    /// The callback address registered with the provider (ends in `/web/callback`).
    package var redirectURI: String
    /// Minutes a session lasts (default 480, a working day).
    package var sessionMinutes: Int?
    /// Only for plain-HTTP tests on loopback: session cookies without `Secure`.
    package var insecureCookies: Bool?

    package init(
        authorizationEndpoint: String, tokenEndpoint: String, clientId: String, redirectURI: String,
        clientSecretFile: String? = nil, clientSecretEnvironment: String? = nil,
        sessionMinutes: Int? = nil, insecureCookies: Bool? = nil
    ) {
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.clientId = clientId
        self.redirectURI = redirectURI
        self.clientSecretFile = clientSecretFile
        self.clientSecretEnvironment = clientSecretEnvironment
        self.sessionMinutes = sessionMinutes
        self.insecureCookies = insecureCookies
    }

    /// The session lifetime in seconds.
    package var sessionSeconds: Int { (sessionMinutes ?? 480) * 60 }

    /// The `web` member of the configuration file at `path`, nil when it has none.
    package static func load(configurationPath path: String) throws(WebSetupError) -> WebConfiguration? {
        struct File: Decodable { var web: WebConfiguration? }

        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .configuration("cannot read the --config file")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .configuration("the web member of the --config file is not of the documented form")
        }
        guard var web = file.web else { return nil }
        let members = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        if let listed = members?["web"] as? [String: Any], listed["users"] != nil {
            throw .configuration(
                "web.users is no longer read: a subject's role and teams are access grants in the log "
                    + "(carelog access grant); remove web.users from the --config file")
        }
        if let secret = web.clientSecretFile, !secret.hasPrefix("/") {
            let folder = (path as NSString).deletingLastPathComponent
            web.clientSecretFile = (folder as NSString).appendingPathComponent(secret)
        }
        try web.check()
        return web
    }

    /// Rejects endpoints that are not absolute URLs and an empty client id.
    package func check() throws(WebSetupError) {
        for (name, value) in [
            ("authorizationEndpoint", authorizationEndpoint), ("tokenEndpoint", tokenEndpoint),
            ("redirectURI", redirectURI),
        ] {
            guard let url = URL(string: value), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw .configuration("web.\(name) must be an absolute http(s) URL")
            }
        }
        if clientId.isEmpty { throw .configuration("web.clientId must not be empty") }
        if let sessionMinutes, sessionMinutes < 1 { throw .configuration("web.sessionMinutes must be positive") }
    }

    /// The client secret, if one is configured.
    package func clientSecret(environment: [String: String]) throws(WebSetupError) -> String? {
        if let file = clientSecretFile {
            do {
                return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch { throw .configuration("cannot read web.clientSecretFile") }
        }
        if let name = clientSecretEnvironment {
            guard let value = environment[name], !value.isEmpty else {
                throw .configuration("the environment variable named by web.clientSecretEnvironment is not set")
            }
            return value
        }
        return nil
    }
}

/// A web configuration that cannot be used, with what to fix.
package enum WebSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The configuration is unreadable or wrong.
    case configuration(String)

    package var description: String {
        switch self {
        case .configuration(let message): return message
        }
    }
}
