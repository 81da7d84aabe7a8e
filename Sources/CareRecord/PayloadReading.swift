/// The payload fields a reader of the log looks at, by event type, so that decoding can leave
/// the text of the others unread (no `String` or array built for a value nobody reads).
///
/// A fold that reads only a few fields of the event types making up most of a log (compliance
/// reads a MAR entry's `scheduledFor` and `outcome`, not the medicine, dose or who recorded it)
/// declares them (``CareEventCodec/decode(type:schemaVersion:payloadBytes:reading:)``). Fields
/// not named are still checked — every required key present, every value of its JSON type, a
/// vocabulary value one of its words, an instant a valid instant — so a payload decodes, or
/// fails, exactly as it does read whole; only text (strings and arrays of strings) under keys
/// not named is left as "" or `[]`. Types not listed, and payloads the hand-written decoders do
/// not handle, are read whole.
public struct PayloadReading: Sendable, Hashable {
    /// The keys read, by event type.
    public let keys: [String: Set<String>]
    /// The same keys as UTF-8 bytes, for the decoder.
    private let utf8Keys: [String: [[UInt8]]]

    /// A reading of the payload keys named for each event type listed; every other type whole.
    public init(_ keys: [String: Set<String>]) {
        self.keys = keys
        utf8Keys = keys.mapValues { $0.sorted().map { Array($0.utf8) } }
    }

    /// Every field of every event.
    public static let everything = PayloadReading([:])

    /// The keys read of `type`'s payload, as UTF-8 bytes; nil: all of them.
    package func keptKeys(of type: String) -> [[UInt8]]? { utf8Keys[type] }

    public static func == (lhs: PayloadReading, rhs: PayloadReading) -> Bool { lhs.keys == rhs.keys }
    public func hash(into hasher: inout Hasher) { hasher.combine(keys) }
}
