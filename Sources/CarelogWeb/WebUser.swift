/// A person who may sign in to the pages: their identity provider subject, role and scope.
package struct WebUser: Codable, Hashable, Sendable {
    /// The ID token's `sub`.
    package var subject: String
    /// What they may see.
    package var role: WebRole
    /// For managers: the teams whose people they see (empty: every team).
    package var teams: [String]

    package init(subject: String, role: WebRole, teams: [String] = []) {
        self.subject = subject
        self.role = role
        self.teams = teams
    }

    private enum CodingKeys: String, CodingKey { case subject, role, teams }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        role = try container.decode(WebRole.self, forKey: .role)
        teams = try container.decodeIfPresent([String].self, forKey: .teams) ?? []
    }

    /// Whether a team is in this user's scope.
    package func sees(team: String) -> Bool { teams.isEmpty || teams.contains(team) }
}
