import Foundation

/// Canonical model ids (`vendor/model`, e.g. `anthropic/claude-sonnet-4-5`) and the normalisation that lets
/// Anthropic's `claude-sonnet-4-5`, OpenRouter's `anthropic/claude-sonnet-4.5` and a typed
/// `Anthropic/Claude-Sonnet-4.5` meet on one key. Loaders, the merge and lookup all use this one place, so an
/// imported price file merges exactly like the bundled catalog was built.
public enum CanonicalModelID {
    /// Other spellings of a vendor, mapped to OpenRouter's (which the canonical ids follow).
    static let vendorAliases: [String: String] = [
        "gemini": "google", "xai": "x-ai", "mistral": "mistralai", "deepseek-ai": "deepseek",
        "zai-org": "z-ai", "minimaxai": "minimax", "meta-models": "meta",
    ]

    /// The vendor whose own API a direct provider is: its bare model names belong to that vendor.
    static let firstPartyVendors: [String: String] = [
        "openai": "openai", "anthropic": "anthropic", "gemini": "google", "xai": "x-ai",
        "deepseek": "deepseek", "mistral": "mistralai",
    ]

    /// Model families by name prefix, for bare names on hosts that serve other vendors' open models
    /// (Groq's `llama-guard-3-8b`, Mistral's `deepseek-v4-1-flash-1017`). Longest prefix first.
    static let familyVendors: [(prefix: String, vendor: String)] = [
        ("gpt-oss", "openai"), ("llama", "meta-llama"), ("gemma", "google"), ("qwen", "qwen"), ("qwq", "qwen"),
        ("deepseek", "deepseek"), ("kimi", "moonshotai"), ("glm", "z-ai"), ("mixtral", "mistralai"),
        ("mistral", "mistralai"), ("ministral", "mistralai"), ("codestral", "mistralai"),
    ]

    /// Hosted open models whose provider-side names differ from the canonical one. Keys are written as the
    /// providers spell them and normalised once; every target was checked against OpenRouter's
    /// `hugging_face_id` in the 2026-11 data, or (Groq's names) against Groq's documented model list.
    static let hostAliases: [String: String] = {
        let table: [(String, String)] = [
            ("llama-3.3-70b-versatile", "meta-llama/llama-3.3-70b-instruct"),                     // groq
            ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/llama-3.3-70b-instruct"),     // together
            ("llama-3.1-8b-instant", "meta-llama/llama-3.1-8b-instruct"),                         // groq
            ("meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", "meta-llama/llama-3.1-8b-instruct"),  // together
            ("meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", "meta-llama/llama-3.1-70b-instruct"),
            ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "meta-llama/llama-4-scout"),            // groq, together
            ("meta-llama/llama-4-maverick-17b-128e-instruct", "meta-llama/llama-4-maverick"),     // groq
            ("deepseek-ai/DeepSeek-V3", "deepseek/deepseek-chat"),
            ("deepseek-ai/DeepSeek-V3.1", "deepseek/deepseek-chat-v3.1"),
            ("Qwen/Qwen2.5-7B-Instruct-Turbo", "qwen/qwen-2.5-7b-instruct"),
            ("Qwen/Qwen2.5-72B-Instruct", "qwen/qwen-2.5-72b-instruct"),
            ("Qwen/Qwen2.5-72B-Instruct-Turbo", "qwen/qwen-2.5-72b-instruct"),
            ("Qwen/Qwen2.5-Coder-32B-Instruct", "qwen/qwen-2.5-coder-32b-instruct"),
            ("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", "qwen/qwen3-coder"),
            ("Qwen/Qwen3-Coder-Next-FP8", "qwen/qwen3-coder-next"),
            ("moonshotai/Kimi-K2-Instruct", "moonshotai/kimi-k2"),
            ("zai-org/GLM-4.5-Air-FP8", "z-ai/glm-4.5-air"),
            ("mistralai/Ministral-3-14B-Instruct-2512", "mistralai/ministral-14b-2512"),
            ("open-mistral-nemo", "mistralai/mistral-nemo"),                                      // mistral
        ]
        var aliases: [String: String] = [:]
        for (name, target) in table { aliases[normalized(name)] = target }
        return aliases
    }()

    /// The lookup key of an id or provider-side name: lowercase, vendor spelled as OpenRouter does, and dots
    /// turned into dashes after the vendor (`anthropic/claude-sonnet-4.5` -> `anthropic/claude-sonnet-4-5`).
    public static func normalized(_ text: String) -> String {
        // Byte-level for ASCII, which every real id is: this runs for each model at start-up and on each lookup.
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return normalizedSlowly(text) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(utf8.count)
        var slash: Int?
        for byte in utf8 {
            if byte == UInt8(ascii: "/"), slash == nil { slash = bytes.count }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes.removeLast() }
        var leading = 0
        while leading < bytes.count, bytes[leading] == UInt8(ascii: " ") || bytes[leading] == UInt8(ascii: "\t") {
            leading += 1
        }
        let modelStart = slash.map { $0 + 1 } ?? leading
        for index in modelStart..<max(modelStart, bytes.count) where bytes[index] == UInt8(ascii: ".") {
            bytes[index] = UInt8(ascii: "-")
        }
        guard let slash, slash >= leading else { return String(decoding: bytes[leading...], as: UTF8.self) }
        let vendor = String(decoding: bytes[leading..<slash], as: UTF8.self)
        guard let alias = vendorAliases[vendor] else { return String(decoding: bytes[leading...], as: UTF8.self) }
        return alias + String(decoding: bytes[slash...], as: UTF8.self)
    }

    private static func normalizedSlowly(_ text: String) -> String {
        var lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let slash = lower.firstIndex(of: "/") {
            let vendor = String(lower[..<slash])
            let model = lower[lower.index(after: slash)...]
            lower = (vendorAliases[vendor] ?? vendor) + "/" + model.replacingOccurrences(of: ".", with: "-")
        } else {
            lower = lower.replacingOccurrences(of: ".", with: "-")
        }
        return lower
    }

    /// The normalised part after the vendor (`claude-sonnet-4-5`), or the whole key when there is no vendor.
    public static func modelPart(ofKey key: String) -> Substring {
        guard let slash = key.firstIndex(of: "/") else { return key[...] }
        return key[key.index(after: slash)...]
    }

    /// The canonical id for a model a provider serves under `providerModel`.
    public static func canonicalID(provider: String, providerModel: String) -> String {
        let key = normalized(providerModel)
        if let alias = hostAliases[key] { return alias }
        let lower = providerModel.lowercased()
        if let slash = lower.firstIndex(of: "/") {
            let vendor = String(lower[..<slash])
            return (vendorAliases[vendor] ?? vendor) + lower[slash...]
        }
        if let family = familyVendors.first(where: { lower.hasPrefix($0.prefix) }) {
            return family.vendor + "/" + lower
        }
        return (firstPartyVendors[provider] ?? provider) + "/" + lower
    }

    /// The canonical id a known alias of `text` stands for (`llama-3.3-70b-versatile`), if any.
    public static func alias(of text: String) -> String? {
        hostAliases[normalized(text)]
    }

    /// The direct provider that is the vendor of `id` (`gemini` for `google/...`), if Switchboard knows one.
    public static func firstPartyProvider(of id: String) -> String? {
        guard let slash = id.firstIndex(of: "/") else { return nil }
        let vendor = String(id[..<slash]).lowercased()
        let canonicalVendor = vendorAliases[vendor] ?? vendor
        return firstPartyVendors.first { $0.value == canonicalVendor }?.key
    }
}
