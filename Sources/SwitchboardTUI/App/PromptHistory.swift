import Foundation

/// Earlier prompts for Up/Down recall, shell-style: stepping back keeps what was being typed as a draft.
public struct PromptHistory: Equatable, Sendable {
    public private(set) var entries: [String] = []
    /// Position while recalling; nil when editing a fresh prompt.
    public private(set) var position: Int?
    private var draft = ""

    public init(entries: [String] = []) {
        self.entries = entries
    }

    public mutating func record(_ prompt: String) {
        if entries.last != prompt { entries.append(prompt) }
        position = nil
        draft = ""
    }

    /// The prompt before the current one, or nil at the oldest.
    public mutating func previous(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        let next: Int
        if let position {
            guard position > 0 else { return nil }
            next = position - 1
        } else {
            draft = current
            next = entries.count - 1
        }
        position = next
        return entries[next]
    }

    /// The prompt after the current one, the saved draft after the newest, or nil when not recalling.
    public mutating func next() -> String? {
        guard let position else { return nil }
        if position + 1 < entries.count {
            self.position = position + 1
            return entries[position + 1]
        }
        self.position = nil
        return draft
    }

    public mutating func reset() { position = nil }
}
