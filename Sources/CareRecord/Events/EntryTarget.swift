import EventLog

/// A correction's target named by stream and version — `{"stream": "visit/V1", "version": 2}` —
/// known before anything is appended, so a fact and its correction can travel in one batch.
///
/// It is an input form: the import resolves it (against the store and the earlier lines of the
/// input) to the entry's global sequence number, which is what the log stores, so every reader of
/// corrections works with sequences only.
public struct EntryTarget: Codable, Hashable, Sendable {
    /// The stream of the entry (the correction's own stream).
    public var stream: StreamName
    /// The entry's version in that stream (1 or more).
    public var version: UInt32

    /// Creates a target.
    public init(stream: StreamName, version: UInt32) {
        self.stream = stream
        self.version = version
    }

    private enum CodingKeys: String, CodingKey { case stream, version }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .stream)
        guard let stream = StreamName(text) else {
            throw PayloadFieldError(
                path: FieldPath.render(c.codingPath + [CodingKeys.stream]), kind: .wrongStream,
                message: "must be a stream name <kind>/<id>")
        }
        self.stream = stream
        version = try c.decode(UInt32.self, forKey: .version)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stream.rawValue, forKey: .stream)
        try c.encode(version, forKey: .version)
    }
}

/// Decoding the target of a correction: exactly one of `sequence` and `target`.
enum CorrectionTargetDecoding {
    /// The sequence (0 when the target is given instead) and the target.
    static func decode<K: CodingKey>(
        _ c: KeyedDecodingContainer<K>, sequence: K, target: K
    ) throws -> (UInt64, EntryTarget?) {
        let number = try c.decodeIfPresent(UInt64.self, forKey: sequence)
        let named = try c.decodeIfPresent(EntryTarget.self, forKey: target)
        switch (number, named) {
        case (let number?, nil): return (number, nil)
        case (nil, let named?): return (0, named)
        case (nil, nil):
            throw PayloadFieldError(
                path: FieldPath.render(c.codingPath + [sequence]), kind: .missingField,
                message: "is required: name the entry by sequence, or by target {\"stream\", \"version\"}")
        case (_?, _?):
            throw PayloadFieldError(
                path: FieldPath.render(c.codingPath + [target]), kind: .invalidOption,
                message: "give either sequence or target, not both")
        }
    }
}
