import Foundation

/// How the tool loop answered one call, kept with its result (`ToolResult.run`): the workbench shows a resumed
/// session's calls from it as they were shown live (the server, ran or refused and why, or never asked about).
public struct ToolRun: Sendable, Hashable {
    /// The server the tool belongs to; nil when no offered tool had the name.
    public var server: String?
    /// nil when nobody was asked (no such tool, arguments that are not a JSON object, stopped before it ran).
    public var decision: ToolDecision?
    /// How long the tool ran, in milliseconds; nil when it did not run.
    public var durationMs: Int64?

    public init(server: String?, decision: ToolDecision?, durationMs: Int64?) {
        self.server = server
        self.decision = decision
        self.durationMs = durationMs
    }

    public var ran: Bool { durationMs != nil }
}

/// Stored as `{"server", "decision": "run"|"always"|"refused", "refusal", "duration_ms"}`, the words `ask --json`
/// uses, so the stored shape does not follow the Swift names.
extension ToolRun: Codable {
    private enum CodingKeys: String, CodingKey { case server, decision, refusal, durationMs = "duration_ms" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.decodeIfPresent(String.self, forKey: .server)
        durationMs = try container.decodeIfPresent(Int64.self, forKey: .durationMs)
        switch try container.decodeIfPresent(String.self, forKey: .decision) {
        case nil: decision = nil
        case "run": decision = .runOnce
        case "always": decision = .alwaysForTool
        case "refused": decision = .refuse(reason: try container.decodeIfPresent(String.self, forKey: .refusal))
        case let other?:
            throw DecodingError.dataCorruptedError(forKey: .decision, in: container,
                                                   debugDescription: "unknown tool decision \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(server, forKey: .server)
        try container.encodeIfPresent(durationMs, forKey: .durationMs)
        switch decision {
        case nil: break
        case .runOnce: try container.encode("run", forKey: .decision)
        case .alwaysForTool: try container.encode("always", forKey: .decision)
        case .refuse(let reason):
            try container.encode("refused", forKey: .decision)
            try container.encodeIfPresent(reason, forKey: .refusal)
        }
    }
}

extension ToolCallRecord {
    /// The result as it goes back to the model and into the store: with how the call was answered.
    public var sentResult: ToolResult {
        var result = self.result
        result.run = ToolRun(server: server, decision: decision, durationMs: duration.map(Self.milliseconds))
        return result
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
