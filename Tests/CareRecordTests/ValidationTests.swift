import CareCalendar
import CareRecord
import EventLog
import Foundation
import Testing

/// One required field of one event type.
struct FieldCase: CustomTestStringConvertible, Sendable {
    var type: String
    var path: String
    var testDescription: String { "\(type).\(path)" }
}

let requiredFieldCases: [FieldCase] = requiredFields.sorted { $0.key < $1.key }.flatMap { type, fields in
    fields.map { FieldCase(type: type, path: $0) }
}
let enumFieldCases: [FieldCase] = enumFieldPaths.sorted { $0.key < $1.key }.flatMap { type, paths in
    paths.map { FieldCase(type: type, path: $0) }
}

@Suite("Validation: decoding errors name the line, the type and the field")
struct DecodingValidationTests {
    @Test("removing a required field fails with its path and the line number", arguments: requiredFieldCases)
    func missingRequiredField(_ field: FieldCase) throws {
        let bytes = try ndjsonLine(sample(field.type)) { set(nil, at: field.path, in: &$0) }
        let error = try #require(parseFailure(bytes, line: 17))
        #expect(error.line == 17)
        #expect(error.eventType == field.type)
        #expect(error.fieldPath == "data." + field.path)
        #expect(error.kind == .missingField)
        #expect(!error.description.contains(sentinel))
    }

    @Test("every listed required field is really required and no other field is", arguments: samples)
    func requiredFieldsMatchTheSpecification(_ sample: Sample) throws {
        let data = try dataObject(sample.event)
        let required = Set(requiredFields[sample.event.type] ?? [])
        for key in data.keys where !required.contains(key) {
            let bytes = try ndjsonLine(sample) { $0[key] = nil }
            #expect(parseFailure(bytes) == nil, "\(sample.event.type).\(key) should be optional")
        }
    }

    @Test(
        "an unknown enum value fails with its path, lists the accepted values and does not echo it",
        arguments: enumFieldCases)
    func unknownEnumValue(_ field: FieldCase) throws {
        let bytes = try ndjsonLine(sample(field.type)) { set(sentinel, at: field.path, in: &$0) }
        let error = try #require(parseFailure(bytes, line: 3))
        #expect(error.line == 3)
        #expect(error.eventType == field.type)
        #expect(error.fieldPath == "data." + field.path)
        #expect(error.kind == .unknownValue)
        #expect(error.message.contains("expected one of"))
        #expect(!error.description.contains(sentinel))
    }

    @Test("an impossible calendar date is rejected", arguments: ["2021-02-29", "2020-13-01", "06/01/2020", "2020-1-6"])
    func impossibleDate(_ text: String) throws {
        let bytes = try ndjsonLine(sample("ServiceStarted")) { $0["firstServiceOn"] = text }
        let error = try #require(parseFailure(bytes))
        #expect(error.kind == .invalidDate)
        #expect(error.fieldPath == "data.firstServiceOn")
        #expect(!error.message.contains(text))
    }

    @Test(
        "an instant without a time zone is rejected",
        arguments: ["2020-02-03T08:04:00", "2020-02-03", "2020-02-30T08:00:00Z"])
    func instantWithoutZone(_ text: String) throws {
        let bytes = try ndjsonLine(sample("VisitCheckedIn")) { $0["checkedInAt"] = text }
        let error = try #require(parseFailure(bytes))
        #expect(error.kind == .invalidInstant)
        #expect(error.fieldPath == "data.checkedInAt")
    }

    @Test("an envelope instant without a zone is rejected at occurredAt")
    func envelopeInstant() throws {
        let bytes = try ndjsonLine(
            stream: "staff/S2", type: "StaffLeft", data: ["leftOn": "2020-05-31", "reason": "resigned"],
            occurredAt: "2020-05-31 17:00")
        let error = try #require(parseFailure(bytes, line: 5))
        #expect(error.fieldPath == "occurredAt")
        #expect(error.kind == .invalidInstant)
        #expect(error.line == 5)
    }

    @Test("a wrong JSON type names the field")
    func wrongType() throws {
        let bytes = try ndjsonLine(sample("VisitScheduled")) { $0["plannedMinutes"] = "forty-five" }
        let error = try #require(parseFailure(bytes))
        #expect(error.kind == .wrongType)
        #expect(error.fieldPath == "data.plannedMinutes")
        #expect(!error.message.contains("forty-five"))
    }

    @Test("an unknown envelope field is rejected rather than ignored, without repeating the key")
    func unknownEnvelopeField() throws {
        let bytes = try ndjsonLine(
            stream: "staff/S2", type: "StaffLeft", data: ["leftOn": "2020-05-31", "reason": "resigned"],
            extra: ["P00042": 2])
        let error = try #require(parseFailure(bytes))
        #expect(error.kind == .malformed)
        #expect(error.fieldPath == nil)
        #expect(!error.description.contains("P00042"))
    }

    @Test("an unknown key inside data is refused with its path, not dropped")
    func unknownDataField() throws {
        let bytes = try ndjsonLine(
            stream: "staff/S2", type: "StaffLeft", data: ["leftOn": "2020-05-31", "reason": "resigned", "leftOnn": "x"])
        let error = try #require(parseFailure(bytes))
        #expect(error.kind == .malformed)
        #expect(error.fieldPath == "data.leftOnn")
        // A null for a key the type does not know is harmless and accepted.
        let withNull = try ndjsonLine(
            stream: "staff/S2", type: "StaffLeft",
            data: ["leftOn": "2020-05-31", "reason": "resigned", "note": NSNull()])
        #expect(parseFailure(withNull) == nil)
    }

    @Test("an unknown key in a correction's replacement is refused with its nested path")
    func unknownNestedField() throws {
        let replacement: [String: Any] = [
            "checkedInAt": "2020-01-06T09:02:00Z", "staffId": "S2", "method": "electronic", "extra": 1,
        ]
        let bytes = try ndjsonLine(
            stream: "visit/V1", type: "EntryCorrected",
            data: [
                "sequence": 3, "reason": "wrongTime", "replacementType": "VisitCheckedIn", "replacement": replacement,
            ])
        let error = try #require(parseFailure(bytes))
        #expect(error.fieldPath == "data.replacement.extra")
    }

    @Test("an unknown event type is rejected at type")
    func unknownType() throws {
        let error = try #require(parseFailure(try ndjsonLine(stream: "staff/S2", type: "StaffPromoted", data: [:])))
        #expect(error.kind == .unknownEventType)
        #expect(error.fieldPath == "type")
    }

    @Test("a missing envelope field is named", arguments: ["stream", "type", "occurredAt", "actor", "data"])
    func missingEnvelopeField(_ key: String) throws {
        var object: [String: Any] = [
            "stream": "staff/S2", "type": "StaffLeft", "occurredAt": "2020-05-31T17:00:00Z", "actor": "staff/S5",
            "data": ["leftOn": "2020-05-31", "reason": "resigned"],
        ]
        object[key] = nil
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        let error = try #require(parseFailure(bytes, line: 2))
        #expect(error.fieldPath == key)
        #expect(error.kind == .missingField)
        #expect(error.line == 2)
    }

    @Test("an actor that is not an identifier is rejected (names never go in the log)")
    func actorMustBeIdentifier() throws {
        let bytes = try ndjsonLine(
            stream: "staff/S2", type: "StaffLeft", data: ["leftOn": "2020-05-31", "reason": "resigned"],
            actor: sentinel + " Smith")
        let error = try #require(parseFailure(bytes))
        #expect(error.fieldPath == "actor")
        #expect(!error.description.contains(sentinel))
    }

    @Test("expectedVersion accepts a number, noStream and any, and nothing else")
    func expectedVersionForms() throws {
        func line(_ v: Any) throws -> [UInt8] {
            try ndjsonLine(
                stream: "staff/S2", type: "StaffLeft", data: ["leftOn": "2020-05-31", "reason": "resigned"],
                extra: ["expectedVersion": v])
        }
        #expect(try parsed(try line(3)).expectedVersion == .exactly(3))
        #expect(try parsed(try line("noStream")).expectedVersion == .noStream)
        #expect(try parsed(try line("any")).expectedVersion == .any)
        #expect(parseFailure(try line("latest"))?.fieldPath == "expectedVersion")
        #expect(parseFailure(try line(-1))?.fieldPath == "expectedVersion")
    }

    @Test("a malformed line is reported with its line number")
    func malformedJSON() {
        var reader = NDJSONReader(bytes: Array("\n{\"stream\": \n".utf8))
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.kind == .malformed)
        }
    }
}

@Suite("Validation: plausible values, future instants and stream kinds")
struct ValueValidationTests {
    func problems(_ bytes: [UInt8], setUp: [Sample] = []) throws -> [CatalogueError] {
        var lines = try setUp.map { try parsed(try ndjsonLine($0)) }
        lines.append(try parsed(bytes, line: lines.count + 1))
        return validator.problems(with: lines, lookup: EmptyReferenceLookup())
    }

    let person = sample("ServiceStarted")

    @Test("every sample is valid once the streams it refers to exist", arguments: samples)
    func samplesAreValid(_ sample: Sample) throws {
        let store = makeStore()
        // Streams the samples refer to.
        let setUp: [(String, CareEvent)] = [
            ("person/P1", person.event), ("visit/V1", CareRecordTests.sample("VisitScheduled").event),
            ("incident/I1", CareRecordTests.sample("IncidentRecorded").event),
            ("complaint/C1", CareRecordTests.sample("ComplaintReceived").event),
            ("staff/S2", CareRecordTests.sample("StaffJoined").event),
            ("programme/PG1", CareRecordTests.sample("ProgrammeDefined").event),
            ("programme/PG1", CareRecordTests.sample("WorkstreamDefined").event),
            ("programme/PG1", CareRecordTests.sample("ActivityDefined").event),
            ("notification/N1", CareRecordTests.sample("NotificationSubmitted").event),
            ("access/G1", CareRecordTests.sample("AccessGranted").event),
        ]
        try store.append(setUp.map { $0.1.proposed(stream: StreamName($0.0)!, occurredAt: testNow, actor: "staff/S5") })
        // Entries 12 and 13 for the corrections: visit/V1 check-ins.
        for _ in 0..<4 {
            try store.append([
                CareRecordTests.sample("VisitCheckedIn").event.proposed(
                    stream: StreamName("visit/V1")!, occurredAt: testNow, actor: "staff/S2")
            ])
        }
        let line = try parsed(try ndjsonLine(sample), line: 1)
        // person/P1 already has an open service: a second ServiceStarted is refused (tested
        // separately), so the sample is checked on its own.
        let lookup: any ReferenceLookup =
            line.type == "ServiceStarted" ? EmptyReferenceLookup() : EventStoreReferenceLookup(store: store)
        let found = validator.problems(with: line, lookup: lookup)
        #expect(found.isEmpty, "\(found)")
    }

    @Test("occurredAt more than five minutes in the future is rejected; within the skew it is accepted")
    func futureOccurredAt() throws {
        func bytes(_ at: String) throws -> [UInt8] {
            try ndjsonLine(
                stream: "person/P1", type: "ServiceStarted", data: try dataObject(person.event), occurredAt: at)
        }
        let late = try problems(try bytes("2020-06-01T00:05:01Z"))
        #expect(late.map(\.kind) == [.inFuture])
        #expect(late.first?.fieldPath == "occurredAt")
        #expect(try problems(try bytes("2020-06-01T00:05:00Z")).isEmpty)
    }

    @Test("a check-in time in the future is rejected")
    func futureCheckIn() throws {
        let bytes = try ndjsonLine(sample("VisitCheckedIn")) { $0["checkedInAt"] = "2020-06-02T08:00:00Z" }
        let found = try problems(bytes, setUp: [person, sample("VisitScheduled")])
        #expect(found.map(\.fieldPath) == ["data.checkedInAt"])
        #expect(found.first?.kind == .inFuture)
    }

    @Test(
        "implausible values are rejected with their field path",
        arguments: [
            ("VisitScheduled", "plannedMinutes", "-5"),
            ("VisitScheduled", "plannedMinutes", "0"),
            ("VisitScheduled", "carersNeeded", "0"),
            ("ServiceStarted", "plannedHoursPerWeek", "-1"),
            ("TrainingCompleted", "expiresOn", #""2019-01-01""#),
            ("SSSCRegistrationRecorded", "expiresOn", #""2019-01-01""#),
            ("ComplaintExtensionAgreed", "newDueOn", #""2020-02-01""#),
            ("IncidentRecorded", "becameAwareAt", #""2020-02-11T19:00:00Z""#),
            ("NotificationSubmitted", "submittedAt", #""2020-02-11T19:00:00Z""#),
            ("InspectionGraded", "grades[0].grade", "7"),
            ("InspectionGraded", "grades[0].grade", "0"),
            ("InspectionGraded", "inspectedTo", #""2020-01-01""#),
            ("PersonalPlanPrepared", "consulted", #"["family"]"#),
            ("MedicationRecorded", "supportLevel", #""none""#),
            ("ActivityUpdateRecorded", "ragRationale", #""  ""#),
            ("ComplaintReceived", "points", "[]"),
            ("VisitCheckedIn", "exceptionCode", #""""#),
        ] as [(String, String, String)])
    func implausible(_ type: String, _ path: String, _ json: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let bytes = try ndjsonLine(sample(type)) { set(value, at: path, in: &$0) }
        let line = try parsed(bytes, line: 9)
        let found = validator.problems(with: line, lookup: EmptyReferenceLookup())
        #expect(found.contains { $0.fieldPath == "data." + path && $0.line == 9 && $0.eventType == type }, "\(found)")
        #expect(found.allSatisfy { !$0.description.contains(sentinel) })
    }

    @Test("a manual check-in needs an exception code")
    func manualNeedsExceptionCode() throws {
        let bytes = try ndjsonLine(sample("VisitCheckedIn")) { $0["exceptionCode"] = nil }
        let found = validator.problems(with: try parsed(bytes), lookup: EmptyReferenceLookup())
        #expect(found.contains { $0.fieldPath == "data.exceptionCode" && $0.kind == .missingField })
    }

    @Test("an administered dose needs the time it was given")
    func administeredNeedsActualTime() throws {
        let bytes = try ndjsonLine(sample("MedicationRecorded")) {
            $0["outcome"] = "administered"
            $0["actualAt"] = nil
        }
        let found = validator.problems(with: try parsed(bytes), lookup: EmptyReferenceLookup())
        #expect(found.contains { $0.fieldPath == "data.actualAt" && $0.kind == .missingField })
    }

    @Test("an event in a stream of the wrong kind is rejected at stream")
    func wrongStreamKind() throws {
        let bytes = try ndjsonLine(
            stream: "person/P1", type: "VisitCheckedIn", data: try dataObject(sample("VisitCheckedIn").event))
        let found = validator.problems(with: try parsed(bytes), lookup: EmptyReferenceLookup())
        #expect(found.map(\.kind) == [.wrongStream])
        #expect(found.first?.fieldPath == "stream")
    }

    @Test("an error message never contains a person's free text")
    func noPersonalDataInErrors() throws {
        // Free text full of the sentinel, plus several invalid values.
        let bytes = try ndjsonLine(sample("IncidentRecorded")) {
            $0["summary"] = sentinel
            $0["personId"] = sentinel + " with spaces"
            $0["becameAwareAt"] = "2020-02-11T19:00:00Z"
        }
        let found = validator.problems(with: try parsed(bytes), lookup: EmptyReferenceLookup())
        #expect(!found.isEmpty)
        for error in found {
            #expect(!error.description.contains(sentinel))
            #expect(!error.message.contains("Mrs"))
        }
        // A sentinel in the wrong type of field, in an enum, and as a date.
        for (field, type) in [("kind", "IncidentRecorded"), ("occurredAt", "IncidentRecorded")] {
            let bad = try ndjsonLine(sample(type)) { $0[field] = sentinel }
            let error = try #require(parseFailure(bad))
            #expect(!error.description.contains(sentinel))
        }
        let date = try ndjsonLine(sample("ServiceStarted")) { $0["firstServiceOn"] = sentinel }
        #expect(!(parseFailure(date)?.description.contains(sentinel) ?? true))
    }
}
