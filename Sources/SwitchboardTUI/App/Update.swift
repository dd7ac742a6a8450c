import Foundation
import SwitchboardCore

/// The one place state changes. Pure: no I/O, no clock reads, no randomness beyond new ids; whatever must happen
/// outside comes back as effects for the runner.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
    let effects = apply(action, &state)
    // Once a turn has ended, the stored tree is read again: it knows the new message's versions.
    let followUp = Updates.treeFollowUp(&state)
    return followUp.isEmpty ? effects : effects + followUp
}

private func apply(_ action: Action, _ state: inout AppState) -> [Effect] {
    switch action {
    case .command(let command):
        return Updates.command(command, &state)
    case .typeText(let text):
        return Updates.typeText(text, &state)
    case .paste(let text):
        return Updates.paste(text, &state)
    case .pasteAsText(let text):
        return Updates.paste(text, &state, lookForPath: false)
    case .attachmentRead(let attachment):
        return Updates.attached(attachment, &state)
    case .attachmentFailed(let message):
        Updates.setStatus(message, .error, &state)
        return []
    case .resize(let size):
        state.size = size
        if !state.isWide {
            if state.focus == .picker { state.focus = .input }
        } else if let index = state.overlays.firstIndex(of: .picker) {
            // The picker has its own pane again.
            state.overlays.remove(at: index)
            state.focus = .picker
        }
        // The conversation pane settles its scroll position at the new size when it next draws.
        return []
    case .mouse(let click):
        return Updates.click(click, &state)
    case .tick(let now):
        return Updates.tick(now, &state)
    case .engine(let turn, let event, let at):
        if state.context.inFlight?.turn == turn { return Updates.compactionEvent(event, turn: turn, at: at, &state) }
        return Updates.engine(event, turn: turn, at: at, &state)
    case .engineError(let turn, let message):
        if state.context.inFlight?.turn == turn { return Updates.compactionError(message, turn: turn, &state) }
        return Updates.engineError(message, turn: turn, &state)
    case .sessionCreated(let local, let storedID):
        if state.session.local == local { state.session.stored = storedID }
        return []
    case .sessionsLoaded(let generation, let sessions):
        guard generation == state.history.generation else { return [] }
        state.history.sessions = sessions
        state.history.loading = false
        state.history.selection = min(state.history.selection, max(0, sessions.count - 1))
        return []
    case .sessionLoaded(let session):
        let effects = Updates.resume(session, &state)
        if state.session.stored == session.id { Updates.adoptTree(session, &state) }
        return effects
    case .treeLoaded(let session):
        Updates.treeLoaded(session, &state)
        return []
    case .sessionRenamed(let id, let title):
        if let index = state.history.sessions.firstIndex(where: { $0.id == id }) { state.history.sessions[index].title = title }
        if state.session.stored == id { state.sessionTitle = title }
        Updates.setStatus("renamed to “\(title)”", .info, &state)
        return []
    case .sessionDeleted(let id):
        state.history.sessions.removeAll { $0.id == id }
        state.history.selection = min(state.history.selection, max(0, state.history.sessions.count - 1))
        if state.session.stored == id {
            state.session = SessionRef()
            state.sessionTitle = nil
        }
        Updates.setStatus("session deleted", .info, &state)
        return []
    case .sessionExported(let path):
        Updates.setStatus("exported to \(path)", .info, &state)
        return []
    case .spendLoaded(let snapshot):
        state.stats.stored = snapshot
        state.stats.sinceSnapshot = .zero
        return []
    case .modelStatsLoaded(let stats):
        state.modelStats = stats
        return []
    case .gatewayLoaded(let activity):
        state.gateway = activity.isEmpty ? nil : activity
        return []
    case .routeLoaded(let turn, let explanation):
        if let explanation {
            state.routeExplanations[turn] = explanation
        } else if let index = state.overlays.lastIndex(where: { if case .why(let why) = $0 { why.turnID == turn } else { false } }),
                  case .why(var why) = state.overlays[index] {
            why.missing = true
            state.overlays[index] = .why(why)
        }
        return []
    case .healthLoaded(let snapshots, let at):
        state.health.replace(snapshots, at: at)
        return []
    case .storeFailed(let message):
        state.history.loading = false
        Updates.treeReadFailed(&state)
        Updates.setStatus(message, .error, &state)
        return []
    case .tool(let turn, let progress):
        return Updates.tool(progress, loop: turn, &state)
    case .toolsListed(let tools, let problems):
        state.tools.listed = tools
        state.tools.problems = problems
        state.tools.selection = min(state.tools.selection, max(0, tools.count - 1))
        return []
    }
}

/// The parts of `update`, by concern.
enum Updates {
    static let statusLifetime: Duration = .seconds(5)

    static func setStatus(_ text: String, _ level: NoticeLevel, _ state: inout AppState) {
        state.status = StatusMessage(text: text, level: level, expires: state.now.map { $0 + statusLifetime })
    }

    static func tick(_ now: ContinuousClock.Instant, _ state: inout AppState) -> [Effect] {
        state.now = now
        if let status = state.status {
            if let expires = status.expires, expires <= now {
                state.status = nil
            } else if status.expires == nil {
                state.status?.expires = now + statusLifetime
            }
        }
        var effects: [Effect] = []
        if state.health.isStale(at: now, after: .seconds(1)) {
            state.health.fetching = true
            effects.append(.refreshHealth)
        }
        return effects
    }

    /// `title` as a file name: `switchboard-<words>-<id>.md`.
    static func exportFileName(title: String, id: String) -> String {
        let words = title.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let slug = String(words).split(separator: "-").joined(separator: "-").prefix(40)
        let shortID = id.filter { $0.isLetter || $0.isNumber }.prefix(8)
        return "switchboard-" + (slug.isEmpty ? "session" : String(slug)) + "-" + shortID + ".md"
    }
}
