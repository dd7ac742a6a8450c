import Foundation

/// The part of streamed thinking that is not text: the signature that closes the current thinking block, or a
/// redacted block's encrypted data. It says who wrote it, because a signature or redacted data is good only on
/// the wire that made it: a front end passes it on only to a client of that same wire, and never invents one.
public struct ReasoningSeal: Sendable, Hashable {
    public var signature: String?
    public var redactedData: String?
    public var origin: ReasoningOrigin

    public init(signature: String? = nil, redactedData: String? = nil, origin: ReasoningOrigin) {
        self.signature = signature
        self.redactedData = redactedData
        self.origin = origin
    }
}
