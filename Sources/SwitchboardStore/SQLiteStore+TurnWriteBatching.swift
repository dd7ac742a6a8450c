import Foundation
import GRDB
import SwitchboardCore

/// A turn's posted writes in one transaction: `serve` commits a short turn's whole record (placement, prompts,
/// route, attempts, the reply's end) once, instead of once per write.
extension SQLiteStore: TurnWriteBatching {
    public func write(_ writes: [TurnWrite], awaited: Bool) async throws -> [UUID] {
        let now = Date()
        // Encoded before the write, so the writer is held only for the SQL.
        let ready = try ReadyWrite.merging(writes)
        let search = connections.deferredSearch
        do {
            // Also when the turn was cancelled: it is recorded as cancelled, and its hold released. Unless the
            // turn waits behind them, they may share a commit with the next turns' writes, and their messages are
            // indexed for search with theirs.
            return try await connections.writeEvenIfCancelled(lingering: !awaited) { db in
                try search.hold(db)
                var sessions: [UUID] = []
                var turnRows: [UUID: Int64] = [:]
                for write in ready {
                    if let session = try Self.make(write, at: now, turnRows: &turnRows, db) { sessions.append(session) }
                }
                return sessions
            }
        } catch {
            throw writeFailure(error)
        }
    }

    /// Returns the session a placement put its turn in. `turnRows`: the rows of the turns the batch began, so
    /// their attempts need not look them up.
    private static func make(_ write: ReadyWrite, at now: Date, turnRows: inout [UUID: Int64], _ db: Database) throws -> UUID? {
        switch write {
        case .gatewayBegin(let begin):
            return try place(begin, at: now, turnRows: &turnRows, db)
        case .gatewayTurn(let begin, let route, let end):
            let session = try place(begin, at: now, route: route, ending: end.completion, turnRows: &turnRows, db)
            if let model = end.sessionModel { try setModel(end.session, model: model, db) }
            return session
        case .route(let turn, let json):
            try storeRoute(turn: turn, json: json, db)
        case .checkpoint(let turn, let text, nil):
            try checkpoint(try requireReply(turn, db), text: text, at: now, db)
        case .checkpoint(let turn, let text, let encodedParts?):
            try checkpoint(turn: turn, text: text, encodedParts: encodedParts, at: now, db)
        case .attemptBegun(let attempt):
            try insert(inFlight(attempt), owner: ProcessOwner.current.text, turnRow: turnRows[attempt.turnID], db)
        case .attemptEnded(let attempt):
            try finish(attempt, turnRow: turnRows[attempt.turnID], db)
        case .attemptWhole(let attempt):
            try insert(attempt, turnRow: turnRows[attempt.turnID], db)
        case .settle(let hold, let actual):
            try settle(BudgetReservationID(rawValue: hold), actual: actual, at: now, db)
        case .finish(let end):
            try finish(try requireReply(end.turn, db), end.completion, at: now, db)
            // A model that cannot be set fails the batch; made alone, the answer is kept and that reported.
            if let model = end.sessionModel { try setModel(end.session, model: model, db) }
        }
        return nil
    }

    private static func place(_ begin: GatewayBegin, at now: Date, route: String? = nil, ending: AssistantCompletion? = nil,
                              turnRows: inout [UUID: Int64], _ db: Database) throws -> UUID {
        let (match, sessionRow) = try placeGatewaySessionRow(key: begin.key, conversation: begin.conversation,
                                                             new: begin.new, title: begin.title, at: now, db)
        var opening = begin.opening
        opening.session = match.session
        turnRows[opening.turn] = try Self.begin(opening, at: now, route: route, ending: ending, sessionRow: sessionRow, db)
        return match.session
    }
}

/// A `TurnWrite` with its JSON encoded.
private enum ReadyWrite: Sendable {
    case gatewayBegin(GatewayBegin)
    /// A turn whose begin and end are both in this batch (a short `serve` request): placed and begun with its
    /// route and its whole reply, so the reply is written and indexed once, not opened empty and then finished.
    case gatewayTurn(GatewayBegin, route: String?, end: TurnFinish)
    case route(turn: UUID, json: String)
    /// The parts column's JSON when the checkpoint carries thinking (nil: text only).
    case checkpoint(turn: UUID, text: String, encodedParts: String??)
    case attemptBegun(AttemptRecord)
    case attemptEnded(AttemptRecord)
    /// An attempt that began and ended in this batch: one row, as it ended.
    case attemptWhole(AttemptRecord)
    case settle(hold: Int64, actual: Money?)
    case finish(TurnFinish)

    /// The writes, encoded; an attempt that begins and ends among them is written once, whole, where it ends, and
    /// a gateway turn that begins and ends among them is written where it begins, with its route and its end
    /// (its checkpoints, which the end overwrites, are left out). The other writes keep their order.
    static func merging(_ writes: [TurnWrite]) throws -> [ReadyWrite] {
        var begun = Set<AttemptKey>(), ended = Set<AttemptKey>()
        var opened = Set<UUID>(), routes: [UUID: RouteDecision] = [:], ends: [UUID: TurnFinish] = [:]
        for write in writes {
            switch write {
            case .attemptBegun(let attempt): begun.insert(AttemptKey(attempt))
            case .attemptEnded(let attempt): ended.insert(AttemptKey(attempt))
            case .gatewayBegin(let begin): opened.insert(begin.opening.turn)
            case .route(let turn, let decision): routes[turn] = decision
            case .finish(let end) where opened.contains(end.turn): ends[end.turn] = end
            default: break
            }
        }
        let whole = Set(ends.keys)
        return try writes.compactMap { write in
            switch write {
            case .attemptBegun(let attempt) where ended.contains(AttemptKey(attempt)): nil
            case .attemptEnded(let attempt) where begun.contains(AttemptKey(attempt)): .attemptWhole(attempt)
            case .gatewayBegin(let begin):
                if let end = ends[begin.opening.turn] {
                    .gatewayTurn(begin, route: try routes[begin.opening.turn]?.storedJSON(), end: end)
                } else { .gatewayBegin(begin) }
            case .route(let turn, _) where whole.contains(turn): nil
            case .checkpoint(let turn, _, _) where whole.contains(turn): nil
            case .finish(let end) where whole.contains(end.turn): nil
            default: try ReadyWrite(write)
            }
        }
    }

    private struct AttemptKey: Hashable {
        var turn: UUID
        var ordinal: Int
        init(_ attempt: AttemptRecord) { (turn, ordinal) = (attempt.turnID, attempt.ordinal) }
    }

    init(_ write: TurnWrite) throws {
        switch write {
        case .gatewayBegin(let begin): self = .gatewayBegin(begin)
        case .route(let turn, let decision): self = .route(turn: turn, json: try decision.storedJSON())
        case .checkpoint(let turn, let text, let parts):
            self = .checkpoint(turn: turn, text: text, encodedParts: try parts.map { try StoredParts.encode($0) })
        case .attemptBegun(let attempt): self = .attemptBegun(attempt)
        case .attemptEnded(let attempt): self = .attemptEnded(attempt)
        case .settle(let hold, let actual): self = .settle(hold: hold, actual: actual)
        case .finish(let end): self = .finish(end)
        }
    }
}
