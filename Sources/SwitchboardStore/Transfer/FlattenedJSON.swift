/// A JSON object written from two shapes side by side, neither nested: `shared` is a shape several outputs write
/// (a session's, a message's or a reply's fields), `own` holds the keys this output adds. So each key is declared
/// once however many outputs carry it. Fields of both read through by name (`metadata.cost`).
@dynamicMemberLookup
public protocol FlattenedJSON: Encodable {
    associatedtype Own: Encodable
    associatedtype Shared: Encodable
    var own: Own { get }
    var shared: Shared { get }
}

extension FlattenedJSON {
    public func encode(to encoder: any Encoder) throws {
        try own.encode(to: encoder)
        try shared.encode(to: encoder)
    }

    public subscript<Value>(dynamicMember path: KeyPath<Own, Value>) -> Value { own[keyPath: path] }
    public subscript<Value>(dynamicMember path: KeyPath<Shared, Value>) -> Value { shared[keyPath: path] }
}

/// A `FlattenedJSON` that is read back too (session exports): both shapes read their keys from the one object.
public protocol DecodableFlattenedJSON: FlattenedJSON, Decodable where Own: Decodable, Shared: Decodable {
    init(own: Own, shared: Shared)
}

extension DecodableFlattenedJSON {
    public init(from decoder: any Decoder) throws {
        self.init(own: try Own(from: decoder), shared: try Shared(from: decoder))
    }
}
