import Foundation

/// Offline token estimates for budgets and context-window checks, and the context meter's count for models
/// without a bundled tokenizer (`TokenCounter`).
///
/// UTF-8 bytes / 3.5 is steadier across scripts than characters / 4 (measured against real BPE: English,
/// code, JSON and Chinese all land within about 10%), plus a few tokens of per-message framing. Providers'
/// reported usage replaces the estimate once a reply arrives.
public enum TokenEstimator {
    static let bytesPerToken = 3.5
    static let perMessageOverhead = 4

    public static func estimate(_ text: String) -> Int {
        tokens(bytes: text.utf8.count)
    }

    public static func estimate(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { $0 + estimate($1) + perMessageOverhead }
    }

    /// Every part the model reads as text: the visible text, tool calls and results, thinking, text files.
    /// Images and PDFs are left out: what they cost depends on the provider (pixels, pages).
    public static func estimate(_ message: ChatMessage) -> Int {
        tokens(bytes: message.parts.reduce(0) { $0 + textBytes($1) })
    }

    private static func tokens(bytes: Int) -> Int {
        bytes == 0 ? 0 : Int((Double(bytes) / bytesPerToken).rounded(.up))
    }

    private static func textBytes(_ part: ContentPart) -> Int {
        switch part {
        case .text(let text): text.utf8.count
        case .toolCall(let call): call.name.utf8.count + call.arguments.utf8.count
        case .toolResult(let result): result.content.reduce(0) { $0 + textBytes($1) }
        case .reasoning(let reasoning): reasoning.text.utf8.count
        case .document(let document):
            if case .bytes(let data, let mediaType) = document.source, mediaType.hasPrefix("text/") { data.count } else { 0 }
        case .image: 0
        }
    }
}
