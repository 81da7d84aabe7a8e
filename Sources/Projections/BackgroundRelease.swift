import Dispatch

/// Frees a large value off the caller's path. A report resumed from a saved state holds that
/// state's tables (at 10.7M events, hundreds of thousands of visits in flight); freeing them
/// entry by entry once the output is made took a tenth of a warm report's time. The value is
/// handed to a background queue, which drops it; nothing reads it again.
enum BackgroundRelease {
    /// Holds the only reference until the queue drops it.
    private final class Holder<Value>: @unchecked Sendable {
        var value: Value?
        init(_ value: Value) { self.value = value }
    }

    /// Drops `value` on a background queue. The caller must hold no other copy of its storage
    /// (pass the last one), or the free happens wherever the last copy is dropped.
    static func release<Value>(_ value: consuming Value) {
        let holder = Holder(value)
        DispatchQueue.global(qos: .utility).async { holder.value = nil }
    }
}
