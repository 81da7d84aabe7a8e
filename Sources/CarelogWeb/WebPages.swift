import CareCalendar
import CareRecord
import CarelogOperations
import CarelogService
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Projections
import Reports

/// The web door: server-rendered pages for managers, auditors and inspectors, mounted on the
/// service's router under `/web` (Docs/web.md). Every figure comes from the same functions the
/// API and the command line call (``CarelogOperations/ReportWiring`` and the projections); a
/// page lays out the ``Reports/ReportDocument`` they return, and each download is the bytes the
/// command line writes for the same parameters.
///
/// Who may read what is decided as for the API: each request is judged by the service's
/// ``CarelogService/RegisterGate`` (the access register caught up from the store, and
/// ``Projections/AccessPolicy`` on today's UK date) from the subject's grants in force, and every
/// read it allows — and every refusal — is appended as a `RecordAccessed` through the same
/// single append (group commit) before the page is sent.
package struct WebPages: Sendable {
    /// The store every page reads.
    package let store: any EventStore
    /// The store's folder (its pseudonym keys).
    package let storePath: String
    /// Sign-in and who may see what.
    package let configuration: WebConfiguration
    /// Checks ID tokens: the service's issuer and key set, `clientId` as audience.
    package let idTokens: Authenticator
    /// Sessions and sign-ins in progress.
    package let sessions: WebSessionStore
    /// The code-for-token exchange with the identity provider.
    package let tokenExchange: TokenExchange
    /// The access decision and the recording of reads: the API's gate.
    package let gate: RegisterGate
    /// The projection checkpoints the API's reports use too (nil: every report is a full rebuild).
    package let reportCache: SharedReportCache?
    /// The clock (today's date for defaults, the time of a verification).
    package let clock: @Sendable () -> Timestamp
    /// The latest position found sound and the full check it rests on, saved in the store's
    /// cache when there is one (the verification page checks only what was appended after it,
    /// also after a restart).
    package let verification: LogVerification

    package init(
        store: any EventStore, storePath: String, configuration: WebConfiguration, idTokens: Authenticator,
        tokenExchange: TokenExchange, gate: RegisterGate, reportCache: SharedReportCache? = nil,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.storePath = storePath
        self.configuration = configuration
        self.idTokens = idTokens
        self.tokenExchange = tokenExchange
        self.gate = gate
        self.reportCache = reportCache
        self.clock = clock
        verification = LogVerification(saved: reportCache)
        sessions = WebSessionStore(lifetimeSeconds: configuration.sessionSeconds) {
            clock().millisecondsSinceEpoch / 1000
        }
    }

    /// The ID-token checker for `configuration`: the service configuration's issuer and JWKS,
    /// with the web client id as the audience.
    package static func idTokenAuthenticator(service: ServiceConfiguration, web: WebConfiguration)
        async throws(ServiceSetupError) -> Authenticator
    {
        var forTokens = service
        forTokens.audience = web.clientId
        forTokens.apiKeys = []
        return try await Authenticator.load(configuration: forTokens)
    }

    /// The pages as `carelog serve` mounts them: ID tokens checked against the service's issuer
    /// and key set, the real token exchange, and the API's `gate` deciding and recording reads.
    package static func make(
        store: any EventStore, storePath: String, service: ServiceConfiguration, web: WebConfiguration,
        gate: RegisterGate, reportCache: SharedReportCache? = nil, environment: [String: String],
        clock: @escaping @Sendable () -> Timestamp
    ) async throws -> WebPages {
        let secret = try web.clientSecret(environment: environment)
        return WebPages(
            store: store, storePath: storePath, configuration: web,
            idTokens: try await idTokenAuthenticator(service: service, web: web),
            tokenExchange: .http(web, clientSecret: secret),
            gate: gate, reportCache: reportCache, clock: clock)
    }

    /// Runs `body` with the projection cache shared with the API (nil without one), so a report
    /// page at or after a saved position folds only the events since (same bytes as a rebuild).
    func withReportCache<T: Sendable>(_ body: (ReportCache?) throws -> T) throws -> T {
        guard let reportCache else { return try body(nil) }
        return try reportCache.withCache(body)
    }

    /// Adds every page, the sign-in flow and the downloads to `router`.
    package func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/web/sign-in") { _, _ in await self.signIn() }
        router.get("/web/callback") { request, _ in await self.callback(request) }
        router.post("/web/sign-out") { request, _ in try await self.signOut(request) }
        router.post(RouterPath(WebPage.verify.path)) { request, _ in await self.fullCheck(request) }
        router.get("/web/download/:kind") { request, context in
            await self.download(request, kind: context.parameters.get("kind") ?? "")
        }
        for page in WebPage.allCases {
            router.get(RouterPath(page.path)) { request, _ in await self.serve(page, request) }
        }
    }

    // MARK: Sign-in

    private var insecureCookies: Bool { configuration.insecureCookies ?? false }

    private func signIn() async -> Response {
        let (state, pending) = await sessions.beginSignIn()
        var components = URLComponents(string: configuration.authorizationEndpoint)
        let existing = components?.queryItems ?? []
        components?.queryItems =
            existing + [
                URLQueryItem(name: "response_type", value: "code"),
                URLQueryItem(name: "client_id", value: configuration.clientId),
                URLQueryItem(name: "redirect_uri", value: configuration.redirectURI),
                URLQueryItem(name: "scope", value: "openid"),
                URLQueryItem(name: "state", value: state),
                URLQueryItem(name: "nonce", value: pending.nonce),
                URLQueryItem(name: "code_challenge", value: WebSessionStore.codeChallenge(for: pending.codeVerifier)),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        guard let location = components?.string else { return failure("the authorization endpoint is not a URL") }
        return WebResponse.redirect(location)
    }

    private func callback(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        guard let state = query.get("state"), let code = query.get("code") else {
            return failure("the identity provider did not complete the sign-in")
        }
        guard let pending = await sessions.finishSignIn(state: state) else {
            return failure(WebSignInError.unknownState.description)
        }
        do {
            let idToken = try await tokenExchange.exchange(code, pending.codeVerifier)
            let identity: ServiceIdentity
            do { identity = try await idTokens.identify(idToken: idToken, nonce: pending.nonce) } catch {
                throw WebSignInError.invalidToken(error.detail)
            }
            let grants = try await gate.grantsInForce(for: identity.subject)
            let session = await sessions.open(for: WebUser(subject: identity.subject, grants: grants))
            let cookie = WebResponse.sessionCookie(
                session.id, maxAge: configuration.sessionSeconds, insecure: insecureCookies)
            return WebResponse.redirect(WebPage.home.path, cookie: cookie)
        } catch let error as WebSignInError {
            return failure(error.description, status: .unauthorized)
        } catch {
            return failure("sign-in failed", status: .unauthorized)
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        var request = request
        guard let session = await session(of: request) else { return WebResponse.redirect(WebPage.home.path) }
        let body = try await request.collectBody(upTo: 4096)
        let form = Self.formFields(String(buffer: body))
        guard form["csrf"] == session.csrfToken else {
            return failure("this form has expired; reload the page and try again", status: .forbidden)
        }
        await sessions.close(id: session.id)
        let layout = PageLayout(
            title: "Signed out", page: nil, session: nil,
            body: HTML(raw: "<p>You have signed out. <a href=\"/web/sign-in\">Sign in again</a>.</p>"))
        var response = WebResponse.page(layout)
        response.headers[.setCookie] = WebResponse.clearedCookie(insecure: insecureCookies)
        return response
    }

    /// The live session named by the request's cookie.
    private func session(of request: Request) async -> WebSession? {
        guard let id = request.cookies["carelog_session"]?.value, !id.isEmpty else { return nil }
        return await sessions.session(id: id)
    }

    /// `application/x-www-form-urlencoded` fields.
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    private func failure(_ message: String, status: HTTPResponse.Status = .badRequest) -> Response {
        let body = HTML(
            raw: "<p class=\"error\">\(HTML.escape(message))</p>\n<p><a href=\"/web/sign-in\">Sign in</a></p>")
        return WebResponse.page(PageLayout(title: "Sign-in", page: nil, session: nil, body: body), status: status)
    }

    // MARK: Pages

    private func serve(_ page: WebPage, _ request: Request) async -> Response {
        guard let signedIn = await session(of: request) else {
            if page == .home {
                let body = HTML(
                    raw: "<p>Carelog's pages are for the partnership's staff.</p>\n"
                        + "<p><a href=\"/web/sign-in\">Sign in with your partnership account</a></p>")
                return WebResponse.page(PageLayout(title: "Carelog", page: nil, session: nil, body: body))
            }
            return WebResponse.redirect("/web/sign-in")
        }
        let query = WebQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        do {
            let session = try await refreshed(signedIn)
            let terms = PageAccess(page: page, query: query, user: session.user)
            let identity = ServiceIdentity(kind: .token, subject: session.user.subject)
            var decision: AccessDecision?
            if let resource = terms.resource {
                decision = try await gate.decide(terms.action, on: resource, target: terms.target, by: identity)
            } else if !page.isOpen(to: session.user) {
                decision = try await gate.decide(terms.action, on: .log, target: terms.target, by: identity)
            }
            if case .refused(let refusal) = decision { return refused(refusal, session: session) }
            // Reports and history fold the log: on the store's pool, never on an event loop.
            let (body, landscape) = try await StoreWork.run { [self] in try self.content(page, query, session) }
            if let decision, page.recordsReads {
                try await gate.record(decision, terms.action, target: terms.target, by: identity)
            }
            return WebResponse.page(
                PageLayout(title: page.title, page: page, session: session, landscape: landscape, body: body))
        } catch {
            let (message, status) = Self.explain(error)
            let body = HTML(raw: "<p class=\"error\">\(HTML.escape(message))</p>")
            return WebResponse.page(
                PageLayout(title: page.title, page: page, session: signedIn, body: body), status: status)
        }
    }

    /// The session with the subject's grants in force today, read again from the register (so a
    /// revocation takes effect on the next request).
    private func refreshed(_ session: WebSession) async throws -> WebSession {
        var session = session
        session.user = WebUser(
            subject: session.user.subject, grants: try await gate.grantsInForce(for: session.user.subject))
        return session
    }

    /// The 403 page for a refusal: the policy's message (it names the subject's own role and scope,
    /// never the record asked for).
    private func refused(_ refusal: AccessRefusal, session: WebSession) -> Response {
        let body = HTML(raw: "<p class=\"error\">\(HTML.escape(refusal.message))</p>")
        let title = refusal.kind == .noGrant ? "No access" : "Not available to your role"
        return WebResponse.page(PageLayout(title: title, page: nil, session: session, body: body), status: .forbidden)
    }

    /// A page's content and whether it prints landscape.
    private func content(_ page: WebPage, _ query: WebQuery, _ session: WebSession) throws -> (HTML, Bool) {
        let views = WebViews(pages: self, query: query, session: session, today: today)
        switch page {
        case .home: return (views.home(), false)
        case .rag: return (try views.rag(), true)
        case .reviewsDue: return try views.reviewsDue()
        case .reviewsDuePerson: return try views.reviewsDuePerson()
        case .compliance: return (try views.compliance(), true)
        case .complianceTrend: return (try views.periodReport(.complianceTrend, page: page), false)
        case .visitDelivery: return (try views.periodReport(.visitDelivery, page: page), true)
        case .complaints: return (try views.periodReport(.complaints, page: page), true)
        case .access: return (try views.periodReport(.access, page: page), true)
        case .timeline: return try views.timeline()
        case .difference: return try views.difference()
        case .verify: return (try views.verify(), false)
        case .extracts: return try views.extracts()
        }
    }

    /// Today in the UK, the default reporting date.
    var today: CareDate { UKTime.ukDate(epochMilliseconds: clock().millisecondsSinceEpoch) }

    /// A failure's message and status, never echoing input.
    static func explain(_ error: any Error) -> (String, HTTPResponse.Status) {
        switch error {
        case let error as WebInputError: return (error.description, .badRequest)
        case let error as WebPageError: return (error.description, error.status)
        case EventStoreError.readOnly:
            return (ServiceProblem.readOnlyStore.detail, .serviceUnavailable)
        default:
            let classified = CarelogError.from(error)
            switch classified {
            case .usage, .invalidInput: return (classified.description, .badRequest)
            case .conflict: return (classified.description, .conflict)
            case .verificationFailed, .storeOrIO:
                return ("the store could not be read: " + classified.description, .internalServerError)
            }
        }
    }

    /// `POST /web/verify` (a form carrying the session's CSRF token): runs a full check of the
    /// log now, decided as the verification page is, and shows its result.
    private func fullCheck(_ request: Request) async -> Response {
        var request = request
        guard let signedIn = await session(of: request) else { return WebResponse.redirect("/web/sign-in") }
        do {
            let form = try await request.collectBody(upTo: 4096)
            guard Self.formFields(String(buffer: form))["csrf"] == signedIn.csrfToken else {
                return failure("this form has expired; reload the page and try again", status: .forbidden)
            }
            let session = try await refreshed(signedIn)
            let identity = ServiceIdentity(kind: .token, subject: session.user.subject)
            let terms = PageAccess(page: .verify, query: WebQuery([]), user: session.user)
            let decision = try await gate.decide(terms.action, on: .log, target: terms.target, by: identity)
            if case .refused(let refusal) = decision { return refused(refusal, session: session) }
            // A full check reads the whole log: on the store's pool, never on an event loop.
            let (verification, store, now) = (verification, store, clock())
            let full = try await StoreWork.run { () throws -> LogVerification.FullCheck in
                do { return try verification.runFullCheck(store: store, now: now) } catch {
                    throw CarelogError.from(error)
                }
            }
            let body = WebViews.verification(.full(full), csrfToken: session.csrfToken)
            return WebResponse.page(
                PageLayout(title: WebPage.verify.title, page: .verify, session: session, body: body))
        } catch {
            let (message, status) = Self.explain(error)
            let body = HTML(raw: "<p class=\"error\">\(HTML.escape(message))</p>")
            return WebResponse.page(
                PageLayout(title: WebPage.verify.title, page: .verify, session: signedIn, body: body), status: status)
        }
    }

    // MARK: Downloads

    private func download(_ request: Request, kind name: String) async -> Response {
        guard let session = await session(of: request) else { return WebResponse.redirect("/web/sign-in") }
        let query = WebQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        let page: WebPage
        switch ReportKind(rawValue: name) {
        case .improvementRAG: page = .rag
        case .reviewsDue: page = .reviewsDue
        case .compliance: page = .compliance
        case .complianceTrend: page = .complianceTrend
        case .visitDelivery: page = .visitDelivery
        case .complaints: page = .complaints
        case .access: page = .access
        case .notifications: page = .extracts
        case nil:
            return WebResponse.page(
                PageLayout(
                    title: "Not found", page: nil, session: session,
                    body: HTML(raw: "<p class=\"error\">There is no such report.</p>")), status: .notFound)
        }
        do {
            let session = try await refreshed(session)
            let identity = ServiceIdentity(kind: .token, subject: session.user.subject)
            let views = WebViews(pages: self, query: query, session: session, today: today)
            guard let kind = ReportKind(rawValue: name), let action = page.action else {
                throw WebPageError.notFound("there is no such report")
            }
            let resource: AccessResource
            switch kind {
            case .notifications: resource = .extract(kind: kind.rawValue, pseudonymised: true)
            case .access: resource = .accessLog
            case .compliance, .complaints, .complianceTrend, .visitDelivery:
                resource = .report(kind: kind.rawValue, scope: PageAccess.reportScope(query, user: session.user))
            default: resource = .report(kind: kind.rawValue, scope: .partnership)
            }
            let target = AccessTarget(report: kind.rawValue, parameters: PageAccess.parameters(query, page: page))
            let decision = try await gate.decide(action, on: resource, target: target, by: identity)
            if case .refused(let refusal) = decision { return refused(refusal, session: session) }
            let request = try views.reportRequest(for: kind)
            // A report folds the log: on the store's pool, never on an event loop.
            let rendered = try await StoreWork.run { [self] in
                kind == .notifications
                    ? try ReportWiring.run(kind, request, store: store)
                    : try withReportCache { try ReportWiring.report(kind, request, store: store, cache: $0) }
            }
            try await gate.record(decision, action, target: target, by: identity)
            let stem = "\(kind.rawValue)-\(request.asAt.iso8601)"
            if query["manifest"] == "1" {
                return WebResponse.download(
                    rendered.manifest.jsonBytes(), mediaType: "application/json",
                    filename: stem + ".manifest.json")
            }
            return WebResponse.download(
                rendered.bytes, mediaType: request.format.mediaType, filename: stem + "." + request.format.fileExtension
            )
        } catch {
            let (message, status) = Self.explain(error)
            return WebResponse.page(
                PageLayout(
                    title: "Download", page: nil, session: session,
                    body: HTML(raw: "<p class=\"error\">\(HTML.escape(message))</p>")), status: status)
        }
    }
}

/// A page that cannot be shown, with the status to send.
package enum WebPageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing to show for what was asked.
    case notFound(String)
    /// The request needs more or other parameters.
    case needs(String)

    package var description: String {
        switch self {
        case .notFound(let message), .needs(let message): return message
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: return .notFound
        case .needs: return .badRequest
        }
    }
}
