import CareRecord
import EventLog

/// Reads raw events for the audit views: unlike ``ProjectionRunner`` it shows every entry as
/// recorded (corrections are displayed, not applied) and never fails on an undecodable payload.
enum AuditReader {
    /// Visits the selected events with their decoded payload (nil when undecodable).
    static func read(_ selection: EventSelection, store: any EventStore, _ body: (CareEvent?, RecordedEvent) -> Void)
        throws(ProjectionError)
    {
        do {
            try store.read(selection) { recorded in
                body(try? CareEventCodec.decode(recorded), recorded)
            }
        } catch let error as EventStoreError {
            throw .store(error)
        } catch {
            throw .store(.storage(detail: String(describing: error)))
        }
    }
}
