import Foundation

/// Removes secrets from any text that may reach a person, a log or the database.
///
/// Keys the program loads are registered here; key-shaped tokens are masked even if never registered
/// (a provider may echo a key it was sent by mistake).
public final class Redactor: @unchecked Sendable {
    public static let shared = Redactor()

    private let lock = NSLock()
    private var secrets: Set<String> = []

    public init() {}

    public func register(_ secret: String) {
        // Very short values would mask ordinary words.
        guard secret.count >= 8 else { return }
        lock.withLock { _ = secrets.insert(secret) }
    }

    public func redact(_ text: String) -> String {
        var result = text
        let known = lock.withLock { secrets }
        for secret in known where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Redactor.mask(secret))
        }
        return Redactor.maskKeyShapes(in: result)
    }

    /// Keeps a hint of which key it was ("sk-a…[redacted]") without revealing it.
    static func mask(_ secret: String) -> String {
        String(secret.prefix(4)) + "…[redacted]"
    }

    private static let keyPatterns: [NSRegularExpression] = [
        #"sk-[A-Za-z0-9_\-]{12,}"#,          // OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-)
        #"AIza[0-9A-Za-z_\-]{20,}"#,         // Google
        #"gsk_[A-Za-z0-9]{12,}"#,            // Groq
        #"xai-[A-Za-z0-9]{12,}"#,            // xAI
        #"(?i)bearer\s+[A-Za-z0-9._\-]{12,}"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    static func maskKeyShapes(in text: String) -> String {
        var result = text
        for pattern in keyPatterns {
            let range = NSRange(result.startIndex..., in: result)
            let matches = pattern.matches(in: result, range: range).reversed()
            for match in matches {
                guard let swiftRange = Range(match.range, in: result) else { continue }
                result.replaceSubrange(swiftRange, with: mask(String(result[swiftRange])))
            }
        }
        return result
    }
}
