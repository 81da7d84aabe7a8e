import CareCalendar
import CareRecord
import EventLog
import Foundation

/// Summarises an event payload for audit views without repeating free text.
///
/// Kept: numbers, booleans, instants, dates and quarters, catalogue vocabulary values, event
/// type names, and fields whose name ends in `Id`, `Ids` or `Reference` or is `sequence`
/// (references to other records). Any other string is free text and is replaced by `‹text›`;
/// a list of free-text strings by `‹n texts›`. Keys are sorted; nested objects use dotted paths.
public enum PayloadSummary {
    /// The summary of a care event's payload.
    public static func fields(of event: CareEvent) -> [AuditField] {
        fields(ofJSON: CareEventCodec.encode(event))
    }

    /// The summary of a JSON payload; `[]` if it is not a JSON object.
    public static func fields(ofJSON bytes: [UInt8]) -> [AuditField] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { return [] }
        var out: [AuditField] = []
        flatten(value, path: "", referenceField: false, into: &out)
        return out
    }

    /// Every vocabulary value in the catalogue, plus the event type names.
    static let vocabulary: Set<String> = {
        var values = Set(CareEventCodec.eventTypes)
        func add<E: CatalogueEnum>(_ type: E.Type) { values.formUnion(type.allCases.map(\.rawValue)) }
        add(MedicationSupportLevel.self)
        add(ConsultedParty.self)
        add(PlanRecipient.self)
        add(PlanChangeArea.self)
        add(NotificationCategory.self)
        add(NotificationFollowUpKind.self)
        add(MissingDataRAG.self)
        add(SixMonthPeriodStart.self)
        add(ReviewRequester.self)
        add(NeedsArea.self)
        add(ReviewParticipant.self)
        add(ReviewOutcome.self)
        add(ReviewTrigger.self)
        add(ComplianceMeasure.self)
        add(IndicatorDirection.self)
        add(CareRecord.RAGStatus.self)
        add(ComplaintChannel.self)
        add(ComplaintCategory.self)
        add(Complainant.self)
        add(ComplaintStage.self)
        add(ComplaintPointOutcome.self)
        add(ExtensionReason.self)
        add(EscalationRoute.self)
        add(ReferralBody.self)
        add(IncidentKind.self)
        add(Agency.self)
        add(ServiceModel.self)
        add(ServiceEndReason.self)
        add(CheckMethod.self)
        add(MissedVisitReason.self)
        add(CancelledBy.self)
        add(VisitCancellationReason.self)
        add(CorrectionReason.self)
        add(StaffRole.self)
        add(StaffLeavingReason.self)
        add(TrainingCourse.self)
        add(SupervisionKind.self)
        add(MedicationRoute.self)
        add(MedicationOutcome.self)
        add(MedicationErrorStage.self)
        add(MedicationErrorKind.self)
        add(HarmLevel.self)
        add(InspectionKind.self)
        add(KeyQuestion.self)
        return values
    }()

    private static func isReferenceKey(_ key: String) -> Bool {
        key == "sequence" || key.hasSuffix("Id") || key.hasSuffix("Ids") || key.hasSuffix("Reference")
    }

    /// Whether a string may be shown: a reference, an instant, a date, a quarter or a vocabulary value.
    private static func isShowable(_ text: String, referenceField: Bool) -> Bool {
        referenceField || vocabulary.contains(text) || Timestamp(iso8601: text) != nil
            || CareDate(iso8601: text) != nil || Quarter(text) != nil
    }

    private static func flatten(_ value: JSONValue, path: String, referenceField: Bool, into out: inout [AuditField]) {
        switch value {
        case .null:
            return
        case .bool(let b):
            out.append(AuditField(path, b ? "true" : "false"))
        case .number(let text):
            out.append(AuditField(path, text))
        case .string(let text):
            out.append(AuditField(path, isShowable(text, referenceField: referenceField) ? text : "‹text›"))
        case .array(let items):
            if items.isEmpty {
                out.append(AuditField(path, "[]"))
                return
            }
            let strings = items.compactMap { item -> String? in
                if case .string(let s) = item { return s } else { return nil }
            }
            if strings.count == items.count {
                if strings.allSatisfy({ isShowable($0, referenceField: referenceField) }) {
                    out.append(AuditField(path, "[" + strings.joined(separator: ", ") + "]"))
                } else {
                    out.append(AuditField(path, strings.count == 1 ? "‹1 text›" : "‹\(strings.count) texts›"))
                }
                return
            }
            for (i, item) in items.enumerated() {
                flatten(item, path: "\(path)[\(i)]", referenceField: referenceField, into: &out)
            }
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                flatten(
                    member, path: path.isEmpty ? key : path + "." + key, referenceField: isReferenceKey(key), into: &out
                )
            }
        }
    }
}

/// A parsed JSON value (numbers kept as their decimal text so nothing is rounded).
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int64.self) {
            self = .number(String(i))
        } else if let d = try? single.decode(Double.self) {
            self = .number(String(d))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
