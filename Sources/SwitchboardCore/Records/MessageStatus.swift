/// Where a stored message stands. An assistant message is `incomplete` from its first byte until it finishes, so a
/// crash mid-stream leaves the partial answer marked as such.
public enum MessageStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case complete, incomplete, cancelled, failed
}
