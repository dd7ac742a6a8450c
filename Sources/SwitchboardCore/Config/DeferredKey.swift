import Foundation

/// A provider whose key a `key_cmd` prints. The command runs only when a request to the provider is sent, so
/// until then the endpoint carries `placeholder` as its key and the adapters build their auth headers as for any
/// key; the transport that runs key commands swaps the real key in as the request leaves. The placeholder holds a
/// random part, so it cannot be mistaken for anything a person or a model wrote.
public struct DeferredKey: Sendable, Hashable {
    public var provider: String
    public var command: String
    public var placeholder: String

    public init(provider: String, command: String, placeholder: String? = nil) {
        self.provider = provider
        self.command = command
        self.placeholder = placeholder
            ?? "key-cmd-\(provider)-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
