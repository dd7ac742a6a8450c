import Foundation

/// Making and checking the secret of a gateway key. A secret is `sb-` and 64 hex digits (32 random bytes from the
/// system generator); only a SHA-256 of a per-key random salt followed by the secret is stored, with the
/// secret's first characters (`prefix`) to find the candidates. Digests are compared in constant time.
public enum GatewayKeySecret {
    public static let scheme = "sb-"
    /// `sb-` and 8 hex digits: 32 of the 256 bits, enough to tell keys apart in a list.
    public static let prefixLength = 11
    static let secretBytes = 32
    static let saltBytes = 16

    /// What the store keeps of a key: never the secret.
    public struct Stored: Sendable, Hashable {
        public var prefix: String
        /// Hex of the salt.
        public var salt: String
        /// Hex of SHA-256(salt bytes + secret's UTF-8).
        public var hash: String

        public init(prefix: String, salt: String, hash: String) {
            self.prefix = prefix
            self.salt = salt
            self.hash = hash
        }
    }

    /// A new secret (shown once) and what to store of it.
    public static func generate() -> (secret: String, stored: Stored) {
        var generator = SystemRandomNumberGenerator()
        let secret = scheme + SHA256.hex(randomBytes(secretBytes, &generator))
        let salt = randomBytes(saltBytes, &generator)
        return (secret, Stored(prefix: String(secret.prefix(prefixLength)), salt: SHA256.hex(salt),
                               hash: SHA256.hex(digest(secret: secret, salt: salt))))
    }

    /// True when `presented` is the secret `stored` was made from.
    public static func verify(_ presented: String, against stored: Stored) -> Bool {
        guard let salt = bytes(hex: stored.salt), let expected = bytes(hex: stored.hash) else { return false }
        return SHA256.constantTimeEqual(digest(secret: presented, salt: salt), expected)
    }

    /// The prefix to look candidates up by; nil when `presented` cannot be a Switchboard key at all.
    public static func lookupPrefix(_ presented: String) -> String? {
        guard presented.hasPrefix(scheme), presented.utf8.count == scheme.utf8.count + 2 * secretBytes,
              presented.utf8.dropFirst(scheme.utf8.count).allSatisfy(isHexDigit) else { return nil }
        return String(presented.prefix(prefixLength))
    }

    static func digest(secret: String, salt: [UInt8]) -> [UInt8] {
        SHA256.digest(salt + Array(secret.utf8))
    }

    private static func randomBytes(_ count: Int, _ generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
