import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SwitchboardCore

/// The fixture server's books, shared by its connections: what arrived, which connections are open, how many
/// closed. Every method is safe to call from any thread.
final class FixtureServerLedger: Sendable {
    private struct Books {
        var requests: [RecordedRequest] = []
        var countsByPath: [String: Int] = [:]
        var acceptedConnections = 0
        var closedConnections = 0
        var openChannels: [Int: any Channel] = [:]
    }

    private let books = NIOLockedValueBox(Books())

    /// Registers a newly accepted connection and returns its number.
    func connectionOpened(_ channel: any Channel) -> Int {
        books.withLockedValue { books in
            books.acceptedConnections += 1
            books.openChannels[books.acceptedConnections] = channel
            return books.acceptedConnections
        }
    }

    func connectionClosed(_ number: Int) {
        books.withLockedValue { books in
            if books.openChannels.removeValue(forKey: number) != nil { books.closedConnections += 1 }
        }
    }

    func record(method: String, target: String, headers: HTTPHeaders, body: [UInt8],
                connectionNumber: Int) -> RecordedRequest {
        books.withLockedValue { books in
            let request = RecordedRequest(method: method, target: target, headers: headers, body: body,
                                          connectionNumber: connectionNumber,
                                          sequenceNumber: books.requests.count + 1)
            books.requests.append(request)
            books.countsByPath[request.path, default: 0] += 1
            return request
        }
    }

    var requests: [RecordedRequest] { books.withLockedValue { $0.requests } }
    var requestCount: Int { books.withLockedValue { $0.requests.count } }
    func requestCount(path: String) -> Int { books.withLockedValue { $0.countsByPath[path] ?? 0 } }
    var acceptedConnections: Int { books.withLockedValue { $0.acceptedConnections } }
    var closedConnections: Int { books.withLockedValue { $0.closedConnections } }
    var openChannels: [any Channel] { books.withLockedValue { Array($0.openChannels.values) } }

    func forgetRequests() {
        books.withLockedValue { books in
            books.requests.removeAll()
            books.countsByPath.removeAll()
        }
    }
}
