/// Who made a request, as established by ``Authenticator``: never taken from a request field.
package struct ServiceIdentity: Sendable, Hashable {
    /// How the caller proved who they are.
    package enum Kind: String, Sendable, Hashable {
        /// A bearer JWT from the identity provider (staff).
        case token
        /// An API key (a machine client such as the ECM feed).
        case apiKey
    }

    /// How the caller signed in.
    package var kind: Kind
    /// The token's `sub`, or the API key's name.
    package var subject: String
    /// For API keys: the event types the key may append.
    package var allowedEventTypes: Set<String>

    package init(kind: Kind, subject: String, allowedEventTypes: Set<String> = []) {
        self.kind = kind
        self.subject = subject
        self.allowedEventTypes = allowedEventTypes
    }

    /// The actor recorded on every event this identity appends.
    package var actor: String {
        switch kind {
        case .token: return subject
        case .apiKey: return "apikey:" + subject
        }
    }
}
