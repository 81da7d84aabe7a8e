import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The back-channel half of the authorization-code flow: POSTs the code and PKCE verifier to
/// the token endpoint and returns the ID token. Only the ID token is used; nothing is logged.
package struct TokenExchange: Sendable {
    /// Exchanges a code: (code, verifier) → ID token. Replaceable in tests.
    package var exchange: @Sendable (_ code: String, _ codeVerifier: String) async throws(WebSignInError) -> String

    package init(exchange: @escaping @Sendable (String, String) async throws(WebSignInError) -> String) {
        self.exchange = exchange
    }

    /// The real exchange against `configuration.tokenEndpoint` (client secret, when configured,
    /// sent as HTTP Basic per RFC 6749 §2.3.1).
    package static func http(_ configuration: WebConfiguration, clientSecret: String?) -> TokenExchange {
        TokenExchange { code, verifier throws(WebSignInError) in
            guard let url = URL(string: configuration.tokenEndpoint) else {
                throw .provider("the token endpoint is not a URL")
            }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            let form = [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", configuration.redirectURI),
                ("client_id", configuration.clientId), ("code_verifier", verifier),
            ]
            if let clientSecret {
                let pair = formEncode(configuration.clientId) + ":" + formEncode(clientSecret)
                request.setValue("Basic " + Data(pair.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
            }
            request.httpBody = Data(form.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&").utf8)
            let (data, status) = try await post(request)
            guard status == 200 else { throw .provider("the token endpoint answered HTTP \(status)") }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let idToken = object["id_token"] as? String
            else { throw .provider("the token endpoint's answer holds no id_token") }
            return idToken
        }
    }

    private static func post(_ request: URLRequest) async throws(WebSignInError) -> (Data, Int) {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                URLSession.shared.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                        continuation.resume(returning: (data ?? Data(), status))
                    }
                }.resume()
            }
        } catch {
            throw .provider("the token endpoint could not be reached")
        }
    }

    /// `application/x-www-form-urlencoded` encoding of one name or value.
    package static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// Why a sign-in did not complete, in words that never echo a code or token.
package enum WebSignInError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The identity provider refused or could not be reached.
    case provider(String)
    /// The browser came back with a state this service did not issue (or it expired).
    case unknownState
    /// The ID token did not check out.
    case invalidToken(String)

    package var description: String {
        switch self {
        case .provider(let message): return "sign-in failed: \(message)"
        case .unknownState: return "this sign-in has expired or was not started here; sign in again"
        case .invalidToken(let reason): return "sign-in failed: \(reason)"
        }
    }
}
