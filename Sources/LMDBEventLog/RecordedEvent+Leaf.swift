import EventLog
import TransparencyLog

extension RecordedEvent {
    /// The fields this event commits to in its tree leaf (``EventLeaf``), each a name and a
    /// string: `stream`, `streamVersion`, `schemaVersion`, `occurredAt`, `recordedAt`, `actor`,
    /// `correlationID` / `causationID` / `idempotencyKey` when present, and one `payload.<name>`
    /// field per top-level member of the payload object, whose value is the member's JSON text
    /// exactly as stored (a payload that is not a JSON object is one `payload` field). The
    /// sequence and the event type are public in the leaf itself. `Docs/proofs.md` §2.
    package var leafFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("stream", stream.rawValue), ("streamVersion", String(streamVersion)),
            ("schemaVersion", String(schemaVersion)), ("occurredAt", occurredAt.iso8601),
            ("recordedAt", recordedAt.iso8601), ("actor", actor),
        ]
        if let correlationID { fields.append(("correlationID", correlationID)) }
        if let causationID { fields.append(("causationID", causationID)) }
        if let idempotencyKey { fields.append(("idempotencyKey", idempotencyKey)) }
        if let members = PayloadMembers.split(payload) {
            for member in members { fields.append(("payload." + member.name, member.value)) }
        } else {
            fields.append(("payload", String(decoding: payload, as: UTF8.self)))
        }
        return fields
    }

    /// The event's v1 leaf and the disclosures of every field, salted with `saltKey`.
    package func leaf(saltKey: FieldSaltKey) throws(EventLeafError) -> (leaf: EventLeaf, disclosures: [FieldDisclosure])
    {
        try EventLeaf.commit(sequence: sequence, eventType: type, fields: leafFields, saltKey: saltKey)
    }

    /// The event's leaf of `version` and the disclosures of every field: for version 2, the
    /// fields of ``leafFields`` and the pseudonym slot fields ``slotFields(_:)`` computes
    /// with `slots` (which a v2 leaf needs).
    package func leaf(saltKey: FieldSaltKey, version: Int, slots: inout PseudonymSlots?) throws(EventLeafError)
        -> (leaf: EventLeaf, disclosures: [FieldDisclosure])
    {
        guard version == 2 else { return try leaf(saltKey: saltKey) }
        guard var pseudonyms = slots else {
            throw .malformed(reason: "a version 2 leaf needs the pseudonym root key")
        }
        defer { slots = pseudonyms }
        return try EventLeaf.commit(
            sequence: sequence, eventType: type, fields: leafFields + slotFields(&pseudonyms), saltKey: saltKey,
            version: 2)
    }

    /// The pseudonym slot fields of a v2 leaf (`Docs/proofs.md` §11): `pseudonym/<j>` for
    /// every slot when the payload has a top-level member `personId` holding a non-empty JSON
    /// string without escapes; `incident/<j>` likewise for a member `incidentId`, or else when
    /// the event's stream is `incident/<id>` (the rows of an incident show its id's pseudonym).
    package func slotFields(_ slots: inout PseudonymSlots) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        let members = PayloadMembers.split(payload) ?? []
        func member(_ name: String) -> String? {
            guard var value = members.first(where: { $0.name == name })?.value else { return nil }
            return value.withUTF8 { bytes in
                PseudonymSlots.id(fromJSONText: UnsafeRawBufferPointer(bytes)).map {
                    String(decoding: $0, as: UTF8.self)
                }
            }
        }
        if let person = member("personId") { fields += slots.fields(.person, id: person) }
        if let incident = member("incidentId") ?? Self.incidentId(stream: stream.rawValue) {
            fields += slots.fields(.incident, id: incident)
        }
        return fields
    }

    /// The id of an `incident/<id>` stream, nil for any other stream.
    static func incidentId(stream: String) -> String? {
        let prefix = "incident/"
        guard stream.hasPrefix(prefix), stream.utf8.count > prefix.utf8.count else { return nil }
        return String(stream.dropFirst(prefix.count))
    }
}

/// Splits a JSON object's bytes into its top-level members without re-encoding them: each
/// member's name (its string contents as written) and its value's exact JSON text.
enum PayloadMembers {
    /// The members in order, or nil when the bytes are not one JSON object whose member names
    /// are distinct and free of escapes (the payload is then committed whole).
    static func split(_ bytes: [UInt8]) -> [(name: String, value: String)]? {
        bytes.withUnsafeBytes { raw in
            ranges(raw).map { members in
                members.map {
                    (
                        String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0.name]), as: UTF8.self),
                        String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0.value]), as: UTF8.self)
                    )
                }
            }
        }
    }

    /// Where each member's name (its string contents as written) and value (its exact JSON
    /// text) lie in `bytes`, in order; nil in the cases ``split(_:)`` returns nil.
    static func ranges(_ bytes: UnsafeRawBufferPointer) -> [(name: Range<Int>, value: Range<Int>)]? {
        var i = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func skipSpace() { while i < bytes.count, isSpace(bytes[i]) { i += 1 } }
        /// Moves past a string starting at `i` (a quote); returns its contents' range.
        func string() -> Range<Int>? {
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            let start = i + 1
            i += 1
            while i < bytes.count {
                if bytes[i] == 0x5C {
                    i += 2
                } else if bytes[i] == 0x22 {
                    i += 1
                    return start..<(i - 1)
                } else {
                    i += 1
                }
            }
            return nil
        }
        /// Moves past one value (a string, an object or array, or a scalar); returns its range.
        func value() -> Range<Int>? {
            let start = i
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x22 { return string().map { _ in start..<i } }
            if bytes[i] == 0x7B || bytes[i] == 0x5B {
                var depth = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case 0x22: guard string() != nil else { return nil }
                    case 0x7B, 0x5B:
                        depth += 1
                        i += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        i += 1
                        if depth == 0 { return start..<i }
                    default: i += 1
                    }
                }
                return nil
            }
            while i < bytes.count, bytes[i] != 0x2C, bytes[i] != 0x7D, !isSpace(bytes[i]) { i += 1 }
            return start < i ? start..<i : nil
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == 0x7B else { return nil }
        i += 1
        var members: [(name: Range<Int>, value: Range<Int>)] = []
        /// Whether two names are the same string (as Swift compares them: canonically equivalent).
        func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            let (x, y) = (UnsafeRawBufferPointer(rebasing: bytes[a]), UnsafeRawBufferPointer(rebasing: bytes[b]))
            if x.elementsEqual(y) { return true }
            guard x.contains(where: { $0 >= 0x80 }) || y.contains(where: { $0 >= 0x80 }) else { return false }
            return String(decoding: x, as: UTF8.self) == String(decoding: y, as: UTF8.self)
        }
        skipSpace()
        if i < bytes.count, bytes[i] == 0x7D {
            i += 1
            skipSpace()
            return i == bytes.count ? [] : nil
        }
        while true {
            skipSpace()
            guard let nameRange = string(), !bytes[nameRange].contains(0x5C) else { return nil }
            guard !nameRange.isEmpty, !members.contains(where: { same($0.name, nameRange) }) else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x3A else { return nil }
            i += 1
            skipSpace()
            guard let valueRange = value() else { return nil }
            members.append((nameRange, valueRange))
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == 0x2C {
                i += 1
                continue
            }
            guard bytes[i] == 0x7D else { return nil }
            i += 1
            skipSpace()
            return i == bytes.count ? members : nil
        }
    }
}
