import CareCalendar
import CareRecord
import CarelogOperations
import CarelogService
import EventLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Reports
import Synchronization
import Testing

@testable import CarelogWeb

@Suite struct WebPagesTests {
    @Test func textIsEscapedSoItCannotOpenATagOrEndAnAttribute() {
        #expect(
            HTML.text(#"<script>"x" & 'y'</script>"#).markup
                == "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;")
    }

    @Test func signInSendsTheBrowserToTheProviderWithPKCEAndAState() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let response = try await client.execute(uri: "/web/sign-in", method: .get)
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            let items = try #require(URLComponents(string: location)?.queryItems)
            let value = { (name: String) in items.first { $0.name == name }?.value }
            #expect(location.hasPrefix("https://idp.test/authorize?"))
            #expect(value("code_challenge_method") == "S256")
            #expect(value("client_id") == WebHarness.clientId)
            #expect(value("response_type") == "code")
            #expect((value("state") ?? "").count >= 43)
            #expect((value("nonce") ?? "").count >= 43)
            #expect(value("nonce") != value("state"))
            #expect((value("code_challenge") ?? "").count == 43)
        }
    }

    @Test func anIDTokenWhoseNonceIsNotTheSignInsIsRefusedAndNoSessionIsMade() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            // The nonce of another sign-in (a token issued for it, replayed into this one).
            let (_, otherNonce) = try await WebHarness.beginSignIn(client)
            let (state, nonce) = try await WebHarness.beginSignIn(client)
            #expect(otherNonce != nonce)
            let replayed = try await client.execute(
                uri: WebHarness.callback(as: "staff/M001", state: state, nonce: otherNonce), method: .get)
            #expect(replayed.status == .unauthorized)
            #expect(replayed.headers[.setCookie] == nil)
            #expect(String(buffer: replayed.body).contains("nonce is not the one this sign-in sent"))
            #expect(!String(buffer: replayed.body).contains(otherNonce))
            // A token with no nonce at all.
            let (bareState, _) = try await WebHarness.beginSignIn(client)
            let bare = try await client.execute(
                uri: WebHarness.callback(as: "staff/M001", state: bareState, nonce: nil), method: .get)
            #expect(bare.status == .unauthorized)
            #expect(bare.headers[.setCookie] == nil)
            #expect(String(buffer: bare.body).contains("carries no nonce"))
            // The refused sign-ins used their states up; the right nonce signs in.
            let (goodState, goodNonce) = try await WebHarness.beginSignIn(client)
            let good = try await client.execute(
                uri: WebHarness.callback(as: "staff/M001", state: goodState, nonce: goodNonce), method: .get)
            #expect(good.status == .seeOther)
            #expect(good.headers[.setCookie] != nil)
        }
    }

    @Test func theSessionCookieIsHttpOnlyLaxAndSecure() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let (state, nonce) = try await WebHarness.beginSignIn(client)
            let callback = try await client.execute(
                uri: WebHarness.callback(as: "staff/M001", state: state, nonce: nonce), method: .get)
            let cookie = try #require(callback.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            // A state is good once.
            let again = try await client.execute(
                uri: WebHarness.callback(as: "staff/M001", state: state, nonce: nonce), method: .get)
            #expect(again.status == .unauthorized || again.status == .badRequest)
            #expect(again.headers[.setCookie] == nil)
        }
    }

    @Test func aCallbackWithAStateThisServiceDidNotIssueIsRefused() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let response = try await client.execute(uri: "/web/callback?code=staff/M001&state=forged", method: .get)
            #expect(response.status == .badRequest)
            #expect(response.headers[.setCookie] == nil)
        }
    }

    @Test func aSubjectWithNoGrantSignsInAndIsToldTheyHaveNoAccessAndTheRefusalIsRecorded() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/X999")
            let home = try await client.execute(uri: "/web", method: .get, headers: cookie)
            #expect(home.status == .forbidden)
            #expect(String(buffer: home.body).contains("you hold no access grant in force"))
            let rag = try await client.execute(uri: "/web/rag", method: .get, headers: cookie)
            #expect(rag.status == .forbidden)
        }
        let records = try harness.accessRecords()
        #expect(records.map(\.subject) == ["staff/X999", "staff/X999"])
        #expect(records.allSatisfy { $0.outcome == .refused && $0.role == nil })
        #expect(records.map { $0.target.parameters?["page"] } == ["home", "rag"])
    }

    @Test func aConfigurationThatStillListsUsersIsRefusedSinceGrantsComeFromTheLog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let web =
            #""authorizationEndpoint":"https://idp.test/a","tokenEndpoint":"https://idp.test/t","clientId":"c","redirectURI":"https://carelog.test/web/callback""#
        let listed = folder.appendingPathComponent("listed.json")
        try Data(#"{"web":{\#(web),"users":[{"subject":"staff/M001","role":"manager"}]}}"#.utf8).write(to: listed)
        #expect(throws: WebSetupError.self) { try WebConfiguration.load(configurationPath: listed.path) }
        let plain = folder.appendingPathComponent("plain.json")
        try Data(#"{"web":{\#(web)}}"#.utf8).write(to: plain)
        #expect(try WebConfiguration.load(configurationPath: plain.path)?.clientId == "c")
    }

    @Test func aPageWithoutASessionSendsTheBrowserToSignIn() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let response = try await client.execute(uri: "/web/rag", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/web/sign-in")
        }
    }

    @Test(arguments: [
        (
            "staff/M001", [WebPage.rag, .reviewsDue, .compliance, .visitDelivery, .timeline, .verify, .extracts],
            [WebPage.access]
        ),
        (
            "staff/M002",
            [WebPage.reviewsDue, .timeline, .difference, .compliance, .complianceTrend, .visitDelivery, .complaints],
            [WebPage.rag, .verify, .extracts]
        ),
        ("staff/A001", [WebPage.rag, .timeline, .difference, .verify, .access, .extracts], []),
        ("staff/I001", [WebPage.extracts], [WebPage.rag, .reviewsDue, .timeline, .verify, .access]),
    ])
    func eachRoleSeesOnlyThePagesItsGrantsOpenAndOthersAnswer403Recorded(
        subject: String, allowed: [WebPage], refused: [WebPage]
    ) async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: subject)
            let home = try await client.execute(uri: "/web", method: .get, headers: cookie)
            let html = String(buffer: home.body)
            for page in allowed { #expect(html.contains("href=\"\(page.path)\""), "\(page)") }
            for page in refused {
                #expect(!html.contains("href=\"\(page.path)\""), "\(page)")
                let response = try await client.execute(uri: page.path, method: .get, headers: cookie)
                #expect(response.status == .forbidden, "\(page)")
            }
        }
        let refusals = try harness.accessRecords().filter { $0.outcome == .refused }
        #expect(refusals.map { $0.target.parameters?["page"] } == refused.map(\.rawValue))
        #expect(refusals.allSatisfy { $0.subject == subject })
    }

    @Test func aManagerScopedToATeamSeesOnlyThatTeamsPeople() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let all = try await WebHarness.signIn(client, as: "staff/M001")
            let everyone = String(
                buffer: try await client.execute(uri: "/web/reviews-due?asAt=2020-03-01", method: .get, headers: all)
                    .body)
            #expect(everyone.contains("P001") && everyone.contains("P002"))
            let scoped = try await WebHarness.signIn(client, as: "staff/M002")
            let response = try await client.execute(
                uri: "/web/reviews-due?asAt=2020-03-01", method: .get, headers: scoped)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("P001"))
            #expect(!page.contains("P002"))
            let other = try await client.execute(
                uri: "/web/reviews-due/person?person=P002&asAt=2020-03-01", method: .get, headers: scoped)
            #expect(other.status == .forbidden)
            let otherTimeline = try await client.execute(
                uri: "/web/timeline?person=P002", method: .get, headers: scoped)
            #expect(otherTimeline.status == .forbidden)
            let otherTeam = try await client.execute(
                uri: "/web/reviews-due?asAt=2020-03-01&team=eastwood-north", method: .get, headers: scoped)
            #expect(otherTeam.status == .forbidden)
            let download = try await client.execute(
                uri: "/web/download/reviews-due?asAt=2020-03-01", method: .get, headers: scoped)
            #expect(download.status == .forbidden)
        }
        let scopedRecords = try harness.accessRecords().filter { $0.subject == "staff/M002" }
        #expect(scopedRecords.map(\.outcome) == [.allowed, .refused, .refused, .refused, .refused])
        #expect(scopedRecords.map(\.target.personId) == [nil, "P002", "P002", nil, nil])
        #expect(scopedRecords.allSatisfy { $0.role == .coordinator && $0.grantId == "G2" })
    }

    @Test func aTeamCoordinatorReadsTheirTeamsPeriodReportsAndIsToldWhyTheRAGTableIsNotTheirs() async throws {
        let harness = try await WebHarness.make()
        let asAt = try #require(CareDate(iso8601: "2020-03-31"))
        let head = try harness.store.checkpoint().sequence
        var request = ReportRequest(asAt: asAt, knownAt: .sequence(head), format: .csv)
        request.period = try #require(CareDate(iso8601: "2020-01-01"))...asAt
        request.scope = .team("barrhead")
        let expected = try ReportWiring.run(.visitDelivery, request, store: harness.store).bytes
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M002")
            let query = "asAt=2020-03-31&from=2020-01-01&to=2020-03-31"
            let page = try await client.execute(
                uri: "/web/visit-delivery?\(query)&by=person", method: .get, headers: cookie)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("team barrhead"), "limited to their team by default")
            #expect(!html.contains("P002"), "another team's person has no row")
            let download = try await client.execute(
                uri: "/web/download/visit-delivery?\(query)&knownAt=\(head)&format=csv", method: .get,
                headers: cookie)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == expected, "the bytes of the CLI's --team barrhead")
            let trend = try await client.execute(uri: "/web/compliance-trend?\(query)", method: .get, headers: cookie)
            #expect(trend.status == .ok)
            #expect(String(buffer: trend.body).contains("team barrhead"))
            let other = try await client.execute(
                uri: "/web/visit-delivery?\(query)&team=eastwood-north", method: .get, headers: cookie)
            #expect(other.status == .forbidden)
            let rag = try await client.execute(uri: "/web/rag", method: .get, headers: cookie)
            #expect(rag.status == .forbidden)
            let ragPage = String(buffer: rag.body)
            #expect(ragPage.contains("partnership-wide only") && ragPage.contains("partnership grant"))
        }
        let records = try harness.accessRecords().filter { $0.subject == "staff/M002" }
        #expect(records.map(\.outcome) == [.allowed, .allowed, .allowed, .refused, .refused])
    }

    @Test func aLongReviewsDueListIsPagedKeepingItsFiltersAndABadPageIsRefused() async throws {
        let size = WebViews.reviewsDuePageSize
        let people = (1...size + 5).map {
            Events.serviceStarted(String(format: "Q%04d", $0), team: "barrhead", locality: "barrhead")
        }
        let harness = try await WebHarness.make(seed: people + WebHarness.grants)
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            func page(_ query: String) async throws -> (status: HTTPResponse.Status, body: String, rows: Int) {
                let response = try await client.execute(uri: "/web/reviews-due?" + query, method: .get, headers: cookie)
                let body = String(buffer: response.body)
                return (response.status, body, body.components(separatedBy: "<tr><th scope=\"row\">").count - 1)
            }
            let first = try await page("asAt=2020-03-01&team=barrhead")
            #expect(first.status == .ok)
            #expect(first.rows == size)
            #expect(first.body.contains("\(size + 5) people: 1 to \(size) shown (page 1 of 2"))
            #expect(
                first.body.contains(#"rel="next" href="/web/reviews-due?asAt=2020-03-01&amp;page=2&amp;team=barrhead""#)
            )
            #expect(!first.body.contains(#"rel="prev""#))
            let second = try await page("asAt=2020-03-01&team=barrhead&page=2")
            #expect(second.rows == 5)
            #expect(second.body.contains("\(size + 1) to \(size + 5) shown (page 2 of 2"))
            #expect(second.body.contains(#"rel="prev" href="/web/reviews-due?asAt=2020-03-01&amp;team=barrhead""#))
            #expect(!second.body.contains(#"rel="next""#))
            // Together the pages show every person once.
            let firstIds = Set(first.body.components(separatedBy: ">Q").dropFirst().map { String($0.prefix(4)) })
            let secondIds = Set(second.body.components(separatedBy: ">Q").dropFirst().map { String($0.prefix(4)) })
            #expect(firstIds.isDisjoint(with: secondIds))
            #expect(firstIds.union(secondIds).count == size + 5)
            for bad in ["3", "0", "zq9"] {
                let refused = try await page("asAt=2020-03-01&team=barrhead&page=" + bad)
                #expect(refused.status == .badRequest)
                #expect(refused.body.contains("a page number from 1 to 2"))
                if bad == "zq9" { #expect(!refused.body.contains("zq9"), "the value is not echoed") }
            }
            // A short list has no page links.
            let short = try await page("asAt=2020-03-01&team=eastwood-north")
            #expect(!short.body.contains("Pages of the list"))
        }
    }

    @Test func aCoordinatorScopedToALocalitySeesOnlyThatLocalitysPeople() async throws {
        let grant =
            #"{"stream":"access/G5","type":"AccessGranted","occurredAt":"2020-01-01T09:00:00Z","actor":"staff/admin","data":{"subject":"staff/M003","role":"coordinator","scope":{"kind":"service","id":"eastwood"},"effectiveFrom":"2020-01-01"}}"#
        let harness = try await WebHarness.make(seed: Events.seed + WebHarness.grants + [grant])
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M003")
            let home = String(buffer: try await client.execute(uri: "/web", method: .get, headers: cookie).body)
            #expect(home.contains("Your lists show the localities: eastwood."))
            #expect(home.contains(WebPage.reviewsDue.path))
            #expect(!home.contains("href=\"\(WebPage.rag.path)\""))
            let list = try await client.execute(uri: "/web/reviews-due?asAt=2020-03-01", method: .get, headers: cookie)
            #expect(list.status == .ok)
            let page = String(buffer: list.body)
            #expect(page.contains("P002"))
            #expect(!page.contains("P001"))
            #expect(!page.contains("/web/download/reviews-due"))
            // Filtering by a team of their locality narrows the list; another team shows nobody.
            let team = String(
                buffer: try await client.execute(
                    uri: "/web/reviews-due?asAt=2020-03-01&team=eastwood-north", method: .get, headers: cookie
                ).body)
            #expect(team.contains("P002"))
            let otherTeam = String(
                buffer: try await client.execute(
                    uri: "/web/reviews-due?asAt=2020-03-01&team=barrhead", method: .get, headers: cookie
                ).body)
            #expect(!otherTeam.contains("P001") && !otherTeam.contains("P002"))
            let person = try await client.execute(
                uri: "/web/reviews-due/person?person=P002&asAt=2020-03-01", method: .get, headers: cookie)
            #expect(person.status == .ok)
            let otherLocality = try await client.execute(
                uri: "/web/reviews-due?asAt=2020-03-01&locality=barrhead", method: .get, headers: cookie)
            #expect(otherLocality.status == .forbidden)
            let otherPerson = try await client.execute(
                uri: "/web/reviews-due/person?person=P001&asAt=2020-03-01", method: .get, headers: cookie)
            #expect(otherPerson.status == .forbidden)
            let rag = try await client.execute(uri: "/web/rag", method: .get, headers: cookie)
            #expect(rag.status == .forbidden)
        }
        let records = try harness.accessRecords().filter { $0.subject == "staff/M003" }
        #expect(
            records.map(\.outcome) == [.allowed, .allowed, .allowed, .allowed, .refused, .refused, .refused])
        #expect(records.allSatisfy { $0.role == .coordinator && $0.grantId == "G5" })
    }

    @Test func aPageReadAppearsInTheAccessReport() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let manager = try await WebHarness.signIn(client, as: "staff/M001")
            let timeline = try await client.execute(uri: "/web/timeline?person=P001", method: .get, headers: manager)
            #expect(timeline.status == .ok)
            let auditor = try await WebHarness.signIn(client, as: "staff/A001")
            let report = try await client.execute(
                uri: "/web/access?person=P001&from=2023-11-01&to=2023-11-30&asAt=2023-11-30", method: .get,
                headers: auditor)
            #expect(report.status == .ok)
            let html = String(buffer: report.body)
            #expect(html.contains("staff/M001"))
            #expect(html.contains("timeline.read"))
        }
        let read = try #require(try harness.accessRecords().first)
        #expect(read.subject == "staff/M001" && read.action == .timelineRead && read.outcome == .allowed)
        #expect(read.target.personId == "P001" && read.target.parameters?["page"] == "timeline")
    }

    @Test func aRevokedGrantStopsAccessOnTheNextRequest() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            #expect(
                try await client.execute(uri: "/web/reviews-due?asAt=2020-03-01", method: .get, headers: cookie).status
                    == .ok)
            try harness.append([
                #"{"stream":"access/G1","type":"AccessRevoked","occurredAt":"2023-11-01T09:00:00Z","actor":"staff/admin","data":{"effectiveFrom":"2023-11-01"}}"#
            ])
            let after = try await client.execute(uri: "/web/reviews-due?asAt=2020-03-01", method: .get, headers: cookie)
            #expect(after.status == .forbidden)
            #expect(String(buffer: after.body).contains("you hold no access grant in force"))
        }
        #expect(try harness.accessRecords().map(\.outcome) == [.allowed, .refused])
    }

    @Test func theTimelineShowsEveryStreamAboutThePerson() async throws {
        let visit =
            #"{"stream":"visit/V1","type":"VisitScheduled","occurredAt":"2020-02-03T08:00:00Z","actor":"system/cm2000","data":{"personId":"P001","plannedStart":"2020-02-03T08:00:00Z","plannedMinutes":45,"carersNeeded":1,"timeCritical":true,"tasks":["personal-care"]}}"#
        let harness = try await WebHarness.make(seed: Events.seed + [visit] + WebHarness.grants)
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/A001")
            let page = try await client.execute(uri: "/web/timeline?person=P001", method: .get, headers: cookie)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("person/P001") && html.contains("visit/V1") && html.contains("VisitScheduled"))
        }
    }

    @Test func theTeamFilterKeepsOnlyThatTeamAndTheDrillDownShowsThePerson() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            let page = String(
                buffer: try await client.execute(
                    uri: "/web/reviews-due?asAt=2020-03-01&team=eastwood-north", method: .get, headers: cookie
                ).body)
            #expect(page.contains("P002") && !page.contains(">P001<"))
            let person = try await client.execute(
                uri: "/web/reviews-due/person?person=P002&asAt=2020-03-01", method: .get, headers: cookie)
            #expect(person.status == .ok)
            #expect(String(buffer: person.body).contains("eastwood-north"))
        }
        let records = try harness.accessRecords()
        #expect(records.map(\.outcome) == [.allowed, .allowed])
        #expect(records.map(\.target.report) == ["reviews-due", nil])
        #expect(records.map(\.target.personId) == [nil, "P002"])
        #expect(records.first?.target.parameters?["team"] == "eastwood-north")
    }

    @Test(arguments: ReportFormatCase.all)
    func aDownloadIsTheBytesTheCommandLineWrites(format: ReportFormatCase) async throws {
        let harness = try await WebHarness.make()
        let expected = try ReportWiring.run(
            .reviewsDue,
            ReportRequest(
                asAt: try #require(.init(iso8601: "2020-03-01")), knownAt: .head, format: format.format),
            store: harness.store
        ).bytes
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            let response = try await client.execute(
                uri: "/web/download/reviews-due?asAt=2020-03-01&format=\(format.format.rawValue)", method: .get,
                headers: cookie)
            #expect(response.status == .ok)
            #expect(Array(response.body.readableBytesView) == expected)
            #expect(response.headers[.contentType] == format.format.mediaType)
        }
    }

    @Test(arguments: [ReportKind.compliance, .complaints, .complianceTrend, .visitDelivery])
    func aReportServedThroughTheProjectionCacheIsTheBytesOfAFullRebuild(kind: ReportKind) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-web-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let harness = try await WebHarness.make(cacheFolder: folder)
        let head = try harness.store.checkpoint().sequence
        let asAt = try #require(CareDate(iso8601: "2020-03-31"))
        var request = ReportRequest(asAt: asAt, knownAt: .sequence(head), format: .csv)
        request.period = try #require(CareDate(iso8601: "2020-01-01"))...asAt
        let rebuilt = try ReportWiring.run(kind, request, store: harness.store).bytes
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            // The first download saves fold states; the second resumes from them.
            for _ in 1...2 {
                let response = try await client.execute(
                    uri: "/web/download/\(kind.rawValue)?asAt=2020-03-31&from=2020-01-01&to=2020-03-31"
                        + "&knownAt=\(head)&format=csv", method: .get, headers: cookie)
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == rebuilt)
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/cache"))
    }

    @Test func aPageThatCannotRecordItsReadOnAReadOnlyStoreAnswers503SayingWhy() {
        let (message, status) = WebPages.explain(EventStoreError.readOnly)
        #expect(status == .serviceUnavailable)
        #expect(message.contains("read-only"))
    }

    @Test func signOutNeedsTheFormsToken() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/A001")
            let home = String(buffer: try await client.execute(uri: "/web", method: .get, headers: cookie).body)
            var forged = cookie
            forged[.contentType] = "application/x-www-form-urlencoded"
            let refused = try await client.execute(
                uri: "/web/sign-out", method: .post, headers: forged, body: ByteBuffer(string: "csrf=guess"))
            #expect(refused.status == .forbidden)
            #expect(try await client.execute(uri: "/web/verify", method: .get, headers: cookie).status == .ok)
            let token = try #require(
                home.range(of: #"name="csrf" value=""#).map { home[$0.upperBound...].prefix { $0 != "\"" } })
            let out = try await client.execute(
                uri: "/web/sign-out", method: .post, headers: forged, body: ByteBuffer(string: "csrf=\(token)"))
            #expect(out.status == .ok)
            #expect(try await client.execute(uri: "/web/verify", method: .get, headers: cookie).status == .seeOther)
        }
    }

    @Test func theCheckpointHistoryNamesEachSignedCheckpointAndWhetherTheTreeStillAgrees() throws {
        let none = WebViews.checkpointHistory(SignedCheckpointHistory(entries: [])).markup
        #expect(none.contains("<h2 id=\"signed\">Signed checkpoints</h2>"))
        #expect(none.contains("No checkpoint has been signed for this store yet"))
        let root = String(repeating: "ab", count: 32)
        let history = SignedCheckpointHistory(entries: [
            .init(size: 5, rootHash: root, signedByLogKey: true, agreesWithTree: false),
            .init(size: 9, rootHash: root, signedByLogKey: false, agreesWithTree: true),
            .init(size: 70, rootHash: root, signedByLogKey: true, agreesWithTree: nil),
        ])
        let page = WebViews.checkpointHistory(history).markup
        #expect(page.contains("<caption>Signed checkpoints</caption>"))
        #expect(page.contains("<th scope=\"col\" class=\"num\">Tree size</th>"))
        #expect(
            page.contains(
                "<tr><td class=\"num\">5</td><td><code>\(root)</code></td><td>Yes</td>"
                    + "<td>No: an event at or before it was changed or removed</td></tr>"))
        #expect(
            page.contains(
                "<td class=\"num\">9</td><td><code>\(root)</code></td><td>No: not by this store's key</td><td>Yes</td>")
        )
        #expect(page.contains("<td>Not known: the tree does not reach this size</td>"))
        // Oldest first, as given.
        let five = try #require(page.range(of: ">5</td>")?.lowerBound)
        let seventy = try #require(page.range(of: ">70</td>")?.lowerBound)
        #expect(five < seventy)
    }

    @Test func theVerificationPageChecksTheWholeLogOnceThenOnlyTheEventsAppendedSinceAndSaysWhich() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/A001")
            let first = String(buffer: try await client.execute(uri: "/web/verify", method: .get, headers: cookie).body)
            let head = try harness.store.checkpoint().sequence
            #expect(first.contains("The whole log, for this page"))
            #expect(first.contains("of sequences 1 to \(head).</dd>"))
            #expect(!first.contains("Last full check"))
            try harness.append(Array(Events.seed.prefix(1)).map { $0.replacingOccurrences(of: "P001", with: "P009") })
            let second = String(
                buffer: try await client.execute(uri: "/web/verify", method: .get, headers: cookie).body)
            #expect(second.contains("Valid: the chain from sequence \(head) to \(head + 1) checks out"))
            #expect(second.contains("(sequences \(head + 1) to \(head + 1))"))
            #expect(second.contains("<dt>Events re-hashed</dt><dd>1</dd>"))
            #expect(second.contains("Not checked now"))
            #expect(second.contains("Last full check"))
            #expect(second.contains("of sequences 1 to \(head).</dd>"))
            // Nothing appended since: nothing re-hashed, and the page says so.
            let third = String(buffer: try await client.execute(uri: "/web/verify", method: .get, headers: cookie).body)
            #expect(third.contains("No event has been appended since sequence \(head + 1)"))
            #expect(third.contains("<dt>Events re-hashed</dt><dd>0</dd>"))

            // A full check on request: the form's token is needed, and the role must permit verify.
            var form = cookie
            form[.contentType] = "application/x-www-form-urlencoded"
            let forged = try await client.execute(
                uri: "/web/verify", method: .post, headers: form, body: ByteBuffer(string: "csrf=guess"))
            #expect(forged.status == .forbidden)
            let token = try #require(
                second.range(of: #"name="csrf" value=""#).map { second[$0.upperBound...].prefix { $0 != "\"" } })
            let full = try await client.execute(
                uri: "/web/verify", method: .post, headers: form, body: ByteBuffer(string: "csrf=\(token)"))
            #expect(full.status == .ok)
            #expect(String(buffer: full.body).contains("The whole log, for this page"))
            #expect(String(buffer: full.body).contains("of sequences 1 to \(head + 1).</dd>"))

            let coordinator = try await WebHarness.signIn(client, as: "staff/M002")
            let page = String(buffer: try await client.execute(uri: "/web", method: .get, headers: coordinator).body)
            let coordinatorToken = try #require(
                page.range(of: #"name="csrf" value=""#).map { page[$0.upperBound...].prefix { $0 != "\"" } })
            var coordinatorForm = coordinator
            coordinatorForm[.contentType] = "application/x-www-form-urlencoded"
            let refused = try await client.execute(
                uri: "/web/verify", method: .post, headers: coordinatorForm,
                body: ByteBuffer(string: "csrf=\(coordinatorToken)"))
            #expect(refused.status == .forbidden)
        }
    }

    /// A store with the test identities' grants and `lines`, its id fixed (two such stores with
    /// different lines are two histories of "the same" store).
    static func namedStore(_ lines: [String]) throws -> InMemoryEventStore {
        let store = InMemoryEventStore(
            storeID: "store-under-test", clock: { Timestamp(millisecondsSinceEpoch: 1_700_000_000_000) })
        try WebHarness.seedStore(store, with: WebHarness.grants + lines)
        return store
    }

    /// The verification page as `staff/A001` sees it on `harness`.
    static func verificationPage(_ harness: WebHarness) async throws -> String {
        let page = Mutex("")
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/A001")
            let response = try await client.execute(uri: "/web/verify", method: .get, headers: cookie)
            #expect(response.status == .ok)
            page.withLock { $0 = String(buffer: response.body) }
        }
        return page.withLock { $0 }
    }

    @Test func afterARestartTheVerificationPageResumesFromThePositionSavedInTheCache() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-web-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = SharedReportCache(storePath: folder)
        let store = try Self.namedStore(Events.seed)
        let head = try store.checkpoint().sequence

        let before = try await Self.verificationPage(try await WebHarness.make(store: store, reportCache: cache))
        #expect(before.contains("The whole log, for this page"))
        let checked = try store.checkpoint()
        #expect(cache.verifiedPosition()?.checkpoint == checked)
        #expect(cache.verifiedPosition()?.byFullCheck == true)

        // The service restarts (nothing in memory) after one more event: only that event is re-hashed.
        try WebHarness.seedStore(store, with: [Events.serviceStarted("P009", team: "barrhead", locality: "barrhead")])
        let after = try await Self.verificationPage(try await WebHarness.make(store: store, reportCache: cache))
        #expect(!after.contains("The whole log, for this page"))
        #expect(after.contains("Valid: the chain from sequence \(head) to \(head + 1) checks out"))
        #expect(after.contains("<dt>Events re-hashed</dt><dd>1</dd>"))
        #expect(after.contains("Where the position came from"))
        #expect(after.contains("The cache is not evidence"))
        #expect(after.contains("by a full check"))
        #expect(after.contains("of sequences 1 to \(head).</dd>"))  // the full check it rests on
        #expect(cache.verifiedPosition()?.checkpoint.sequence == head + 1)
        #expect(cache.verifiedPosition()?.byFullCheck == false)
    }

    @Test func aSavedPositionWhoseHashTheLogNoLongerHoldsIsIgnoredAndTheWholeLogChecked() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carelog-web-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = SharedReportCache(storePath: folder)
        let original = try Self.namedStore(Events.seed)
        _ = try await Self.verificationPage(try await WebHarness.make(store: original, reportCache: cache))
        let saved = try #require(cache.verifiedPosition())

        // Another history under the same store id, as long: the hash at the saved sequence differs.
        let other = try Self.namedStore(Events.seed.reversed())
        let otherHead = try other.checkpoint()
        #expect(otherHead.sequence == saved.checkpoint.sequence)
        #expect(otherHead.headHash != saved.checkpoint.headHash)
        let harness = try await WebHarness.make(store: other, reportCache: cache)
        let page = try await Self.verificationPage(harness)
        #expect(page.contains("The whole log, for this page"))
        #expect(page.contains("It was not used: the whole log was checked instead"))
        #expect(cache.verifiedPosition()?.checkpoint == otherHead)
        // The next visit resumes from the position the full check found.
        let next = try await Self.verificationPage(harness)
        #expect(next.contains("No event has been appended since sequence \(saved.checkpoint.sequence)"))
    }

    @Test func aBadParameterIsNamedButNotEchoed() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            let cookie = try await WebHarness.signIn(client, as: "staff/M001")
            let response = try await client.execute(uri: "/web/rag?asAt=%3Cb%3Ebad", method: .get, headers: cookie)
            #expect(response.status == .badRequest)
            let page = String(buffer: response.body)
            #expect(page.contains("asAt"))
            #expect(!page.contains("<b>bad") && !page.contains("&lt;b&gt;bad"))
        }
    }

    @Test func everyPageHasOneHeadingASkipLinkAndLabelledControls() async throws {
        let harness = try await WebHarness.make()
        try await harness.test { client in
            for (subject, page) in [
                ("staff/M001", "/web/reviews-due?asAt=2020-03-01"), ("staff/A001", "/web/timeline?person=P001"),
            ] {
                let cookie = try await WebHarness.signIn(client, as: subject)
                let html = String(buffer: try await client.execute(uri: page, method: .get, headers: cookie).body)
                #expect(html.components(separatedBy: "<h1>").count == 2)
                #expect(html.contains("<a class=\"skip\" href=\"#main\">"))
                #expect(
                    html.components(separatedBy: "<input id=").count - 1
                        + html.components(separatedBy: "<select id=").count - 1
                        == html.components(separatedBy: "<label for=").count - 1)
            }
        }
    }
}

/// The report formats, as test arguments.
struct ReportFormatCase: Sendable, CustomTestStringConvertible {
    var format: Reports.ReportFormat
    var testDescription: String { format.rawValue }
    static let all = Reports.ReportFormat.allCases.map(ReportFormatCase.init)
}
