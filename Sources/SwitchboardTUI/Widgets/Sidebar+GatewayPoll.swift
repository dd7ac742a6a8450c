import Foundation
import SwitchboardCore

/// Keeps the sidebar's Gateway section current: on a 1 s tick it asks the store whether another process has
/// committed (`externalChangeCounter`, SQLite's `PRAGMA data_version`: no table read) and reads the activity
/// only then, or when the day has turned. An activity is sent only when it differs from the last one sent, so
/// a quiet gateway costs one pragma a second and no redraw.
struct GatewayActivityPoll {
    static let interval: Duration = .seconds(1)

    let reader: any GatewayActivityReading
    var calendar = Calendar.current
    private var counter: Int64?
    private var day: Date?
    private var sent: GatewayActivity?

    init(reader: any GatewayActivityReading) {
        self.reader = reader
    }

    /// One tick: the activity when it changed since the last one returned, else nil.
    mutating func poll(now: Date = Date()) async throws -> GatewayActivity? {
        let current = try await reader.externalChangeCounter()
        let today = calendar.startOfDay(for: now)
        if sent != nil, let current, current == counter, today == day { return nil }
        let activity = try await reader.gatewayActivity(now: now, calendar: calendar)
        counter = current
        day = today
        guard activity != sent else { return nil }
        sent = activity
        return activity
    }

    /// Polls until cancelled, sending each changed activity as an action; the first failure to read is reported
    /// once in the status line, and polling goes on (the database may be busy for a moment). Nil when the store
    /// cannot tell gateway activity (none, or memory only).
    static func start(store: (any SessionStore)?, interval: Duration = interval,
                      send: @escaping @Sendable (Action) -> Void) -> Task<Void, Never>? {
        guard let reader = store as? any GatewayActivityReading else { return nil }
        return start(reader: reader, interval: interval, send: send)
    }

    static func start(reader: any GatewayActivityReading, interval: Duration = interval,
                      send: @escaping @Sendable (Action) -> Void) -> Task<Void, Never> {
        Task {
            var poll = GatewayActivityPoll(reader: reader)
            var reported = false
            while !Task.isCancelled {
                do {
                    if let activity = try await poll.poll() { send(.gatewayLoaded(activity)) }
                } catch {
                    if !reported, !Task.isCancelled { send(.storeFailed("gateway activity: \(error)")) }
                    reported = true
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
